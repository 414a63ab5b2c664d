"""The one PDF renderer: a Django template rendered to PDF by WeasyPrint.

Every export that becomes a PDF (supervision records and logs now, Life Story
Books later) goes through `render_pdf`, so they share one print stylesheet
(templates/pdf/base.html) and one rule about what the renderer may fetch.

The rule: nothing remote. A PDF's HTML is built from our own records, but a
value typed by a user could still hold a URL (an <img> in a rich-text field,
a CSS url()); the fetcher answers only `data:` URLs and files under the static
directories, so rendering never reaches the network or the rest of the disk.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string


def _static_roots() -> list[Path]:
    roots = [Path(root) for root in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _fetcher_class():
    # Imported here: WeasyPrint loads pango at import, which pages without PDFs
    # should not pay for.
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Answers `data:` URLs and files under the static roots; refuses the rest."""

        def __init__(self, roots: list[Path]):
            super().__init__(timeout=2, allowed_protocols={"data", "file"}, allow_redirects=False)
            self.roots = roots

        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in self.roots):
                    raise ValueError(f"Refused to read {url}: outside the static files.")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def local_only_fetcher():
    """A WeasyPrint URL fetcher that reads nothing remote (see the module docstring)."""
    return _fetcher_class()(_static_roots())


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render `template_name` (which extends "pdf/base.html") to PDF bytes.

    Relative URLs in the template resolve against the first static directory,
    as files: `<img src="portal/images/logo.png">` works without a server.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    roots = _static_roots()
    base_url = roots[0].as_uri() + "/" if roots else None
    document = HTML(string=html, base_url=base_url, url_fetcher=local_only_fetcher())
    return document.write_pdf()
