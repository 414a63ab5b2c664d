"""Public pages reached by a secret token in the address: no sign-in, the link
itself is the key (a Life Story Book contribution link, a programme report link).

Every answer is sealed: kept out of caches and search engines, and sending a
Referer only to this site, so the token does not travel. An unknown token answers
404 and a closed one (expired, revoked, replaced) 410, on the app's "closed" page.
POSTs are rate-limited per client and then per link (portal.ratelimit) before the
form is read, so a refused request saves nothing; a refusal answers 429 on the
app's "too many tries" page. CSRF stays on.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from . import ratelimit


def sealed(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    # The token never leaves our origin. Not "no-referrer": a browser then sends
    # `Origin: null` with the form, and Django's CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class SealedMixin:
    """A public page whose every answer is `sealed`; `answer` is the page's own."""

    def dispatch(self, request, *args, **kwargs):
        return sealed(self.answer(request, *args, **kwargs))

    def answer(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class TokenPageMixin(SealedMixin):
    """A sealed public page for the link whose token is in the address (`token`).

    The app says how a link is found (`find_link`, None when unknown) and whether
    it is still open (`link_is_open`); the page reads it as `self.link`. With
    ServiceFormMixin, a service refusing the link itself (code "unknown" or
    "closed") answers the same closed page."""

    closed_template: str = ""
    limited_template: str = ""
    # What the closed page says: the same words whatever the reason it is closed.
    unknown_problem: str = ""
    closed_problem: str = ""
    # Keys of ACCOUNT_RATE_LIMITS (portal/settings/base.py).
    per_client_action: str = ""
    per_link_action: str = ""

    def find_link(self, token: str):
        raise NotImplementedError(f"{type(self).__name__} must say how its link is found")

    def link_is_open(self, link) -> bool:
        return link.is_open

    def answer(self, request, *args, **kwargs):
        posting = request.method == "POST"
        if posting and not ratelimit.consume(
            request, self.per_client_action, key=ratelimit.client_fingerprint(request)
        ):
            return self.too_many(self.per_client_action)
        self.link = self.find_link(kwargs["token"])
        if self.link is None:
            return self.closed(self.unknown_problem, 404)
        if not self.link_is_open(self.link):
            return self.closed(self.closed_problem, 410)
        if posting and not ratelimit.consume(
            request, self.per_link_action, key=self.link.token_hash
        ):
            return self.too_many(self.per_link_action)
        return super().answer(request, *args, **kwargs)

    def closed(self, problem: str, status: int) -> HttpResponse:
        return render(self.request, self.closed_template, {"problem": problem}, status=status)

    def too_many(self, action: str) -> HttpResponse:
        context = {"retry_minutes": ratelimit.retry_minutes(action)}
        return render(self.request, self.limited_template, context, status=429)

    def refuses_record(self, error) -> bool:
        return getattr(error, "code", None) in {"closed", "unknown"}

    def refused(self, error):
        status = 404 if error.code == "unknown" else 410
        return self.closed(error.message, status)
