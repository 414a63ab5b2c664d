"""Whole-page cache for public Wagtail pages served to anonymous visitors.

A repeat view of a public page is answered from the cache before Wagtail
routes the request, so it costs no database query. What is never cached:
signed-in people (anyone with a session cookie), requests with a query string
(the feedback thank-you, search, pagination), anything but GET/HEAD, responses
that are not a plain 200, responses that set a cookie, use a CSRF token, or
already say how they may be cached (Wagtail marks pages with view restrictions
never-cache). Previews are served by the admin, not by `wagtail.views.serve`.

Invalidation: every key carries a site-wide generation number; publishing,
unpublishing, moving or deleting any page (and changes to snippets, images,
sites and view restrictions, which show on many pages) starts a new
generation, so the old entries are never read again and expire on their own.
With the local-memory cache each process has its own copy: only a shared
cache (Redis in production) makes one process's invalidation reach the
others, and CMS_PAGE_CACHE_SECONDS bounds how stale a copy can get otherwise.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail import views as wagtail_views
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "cms:page-cache-generation"
HEADER = "X-Page-Cache"
# Headers a stored page may carry; the rest (security headers, CSP, cookies)
# are added afresh by the outer middleware on every response.
KEPT_HEADERS = ("Content-Type", "Content-Language")


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = start_new_generation()
    return generation


def start_new_generation() -> int:
    """A time-based number: even when the cache loses this key, a restarted
    count can never land on an older generation and serve its stale pages."""
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def invalidate_public_pages(**kwargs) -> None:
    start_new_generation()


def page_cache_key(request) -> str:
    identity = "|".join((request.get_host(), request.path, translation.get_language() or ""))
    digest = hashlib.sha256(identity.encode()).hexdigest()
    return f"cms:page:{current_generation()}:{digest}"


def may_use_cache(request) -> bool:
    """Decided from the request alone, without loading the session or the user."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def may_store(request, response) -> bool:
    """The same page for every anonymous visitor (HEAD answers get the headers
    of a stored page but are not stored: some servers drop their body)."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not (messages is not None and getattr(messages, "added_new", False))
    )


def _freeze(response) -> dict:
    return {
        "content": response.content,
        "status": response.status_code,
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
    }


def _thaw(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"].items():
        response[name] = value
    return response


class PublicPageCacheMiddleware:
    """Serve and store Wagtail pages; set their Cache-Control.

    Listed last in MIDDLEWARE so security headers, CSP and cookies from the
    middleware above are applied to every response, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_cms_page_cache", None)
        if state is None:
            return response
        if state == "hit":
            return response
        if state == "bypass":
            if not response.has_header("Cache-Control"):
                # Signed in, or a personal variant (thank-you, a message):
                # neither browsers nor shared caches keep it.
                patch_cache_control(response, private=True, no_store=True)
            return response
        if may_store(request, response):
            if request.method == "GET":
                cache.set(state, _freeze(response), timeout=settings.CMS_PAGE_CACHE_SECONDS)
            self.add_public_headers(response)
            response[HEADER] = "miss"
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        if not may_use_cache(request):
            request._cms_page_cache = "bypass"
            return None
        key = page_cache_key(request)
        stored = cache.get(key)
        if stored is None:
            request._cms_page_cache = key
            return None
        request._cms_page_cache = "hit"
        response = _thaw(stored)
        self.add_public_headers(response)
        response[HEADER] = "hit"
        return response

    @staticmethod
    def add_public_headers(response) -> None:
        patch_cache_control(response, public=True, max_age=settings.CMS_PAGE_BROWSER_MAX_AGE)
        # Signed-in people see a different header bar: a browser must not
        # reuse the anonymous copy once a session cookie exists.
        patch_vary_headers(response, ("Cookie",))


def _content_changed(sender, instance=None, **kwargs) -> None:
    """Snippets and settings of the cms app show on many pages; pages themselves
    count only once published (drafts change nothing the public sees)."""
    if sender._meta.app_label != "cms" or isinstance(instance, Page):
        return
    if sender._meta.model_name == "pagefeedback":
        return
    start_new_generation()


def _page_deleted(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page):
        start_new_generation()


def connect_invalidation() -> None:
    """Called from the cms app's ready(), so publishing from anywhere (the admin,
    `publish_scheduled` in a Celery task, the shell) invalidates."""
    uid = "cms.cache"
    page_published.connect(invalidate_public_pages, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(invalidate_public_pages, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate_public_pages, dispatch_uid=f"{uid}.moved")
    post_delete.connect(_page_deleted, dispatch_uid=f"{uid}.page-deleted")
    post_save.connect(_content_changed, dispatch_uid=f"{uid}.content-saved")
    post_delete.connect(_content_changed, dispatch_uid=f"{uid}.content-deleted")
    from .blocks import forget_service_contact
    from .models import ServiceContact

    post_save.connect(forget_service_contact, sender=ServiceContact, dispatch_uid=f"{uid}.contact")
    post_delete.connect(
        forget_service_contact, sender=ServiceContact, dispatch_uid=f"{uid}.contact-deleted"
    )
    for model in (Site, PageViewRestriction, get_image_model()):
        post_save.connect(
            invalidate_public_pages, sender=model, dispatch_uid=f"{uid}.{model.__name__}.saved"
        )
        post_delete.connect(
            invalidate_public_pages, sender=model, dispatch_uid=f"{uid}.{model.__name__}.deleted"
        )
