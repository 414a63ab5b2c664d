"""An app's attachment pages must say where their record's page is and which
service removes a file: one that forgets is told so by name, not left to fail
somewhere else."""

import pytest
from django.test import RequestFactory

from portal.attachments.views import AttachmentRemovePage, AttachmentUploadPage


class ForgetfulRemove(AttachmentRemovePage):
    attachment = None


class ForgetfulUpload(AttachmentUploadPage):
    pass


def test_a_remove_page_that_forgets_its_service_says_so():
    with pytest.raises(NotImplementedError, match="ForgetfulRemove must say which service"):
        ForgetfulRemove().remove()


@pytest.mark.parametrize("page", [ForgetfulRemove, ForgetfulUpload])
def test_a_page_that_forgets_its_records_page_says_so(page):
    view = page()
    view.request = RequestFactory().get("/")
    with pytest.raises(NotImplementedError, match=f"{page.__name__} must say where"):
        view.back_url()
