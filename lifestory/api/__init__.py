"""Life Story Books in the API, mounted at /api/v1/ (paths are whole), scoped
exactly like the pages: a book outside the caller's scope is 404 (nothing says
it exists), a role that never works on books is 403. Every read of a book, and
every file handed out, is logged.

    GET  /life-story-books/                         the books you can see
    GET  /life-story-books/{id}                     one book, its deadlines and chapters
    POST /life-story-books/{id}/media               a photo (multipart: file, caption, consent)
    GET  /life-story-books/{id}/media/{media_id}    the photo's file (print size)
    POST /life-story-books/{id}/renders             make a PDF (202)
    GET  /life-story-books/{id}/renders/{render_id} its status and progress
    GET  /life-story-books/{id}/renders/{render_id}/file   the PDF
"""

from ninja import Router

router = Router(tags=["life story books"])

from . import books  # noqa: E402, F401 - it registers its routes on `router`
