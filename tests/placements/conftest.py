"""Fixtures shared by the placement tests."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import resolve, reverse

from portal.models import DocumentExport


@pytest.fixture
def exporter(client, django_capture_on_commit_callbacks, settings, tmp_path):
    """`exporter.get(url, query)`: ask for the export as the list's button does, let
    the worker make it, and download it from the status page (the file's response)."""

    settings.MEDIA_ROOT = tmp_path / "media"  # the files are kept in private storage

    class Exporter:
        def get(self, url, query=None):
            target = f"{url}?{urlencode(query, doseq=True)}" if query else url
            with django_capture_on_commit_callbacks(execute=True):
                asked = client.post(target)
            assert asked.status_code == 302, asked.status_code
            status = client.get(asked["Location"])
            assert status.status_code == 200
            export = DocumentExport.objects.get(pk=resolve(asked["Location"]).kwargs["pk"])
            assert export.status == DocumentExport.Status.DONE, export.error
            download = reverse("portal:export_download", args=[export.pk])
            assert download in status.content.decode()
            return client.get(download)

    return Exporter()
