"""The public page where a carer or relative sends photos and a message through a
contribution link (issue 17, R4): no sign-in, the token in the address.

It shows nothing of the book: not the child's name, no chapter, no photo. An
unknown token answers 404; an expired or revoked one 410, in the same words
either way. Sending is rate-limited per client and per link (portal.ratelimit,
before the form is read). Every answer is kept out of caches and search engines,
and sends a Referer only to this site, so the token does not travel. CSRF stays on."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.generic import FormView, TemplateView

from portal import ratelimit
from portal.permissions import PublicMixin
from portal.views import ServiceFormMixin

from ..forms.contributions import ContributeForm
from ..selectors.contributions import link_for_token
from ..services.contributions import CLOSED, UNKNOWN, contribution_receive

# Keys of ACCOUNT_RATE_LIMITS (portal/settings/base.py).
PER_LINK = "lifestory_contribution"
PER_CLIENT = "lifestory_contribution_client"
CLOSED_PAGE = "lifestory/contributions/public_closed.html"


def sealed(response):
    response["Cache-Control"] = "no-store"
    # The token never leaves our origin. Not "no-referrer": a browser then sends
    # `Origin: null` with the form, and Django's CSRF check refuses the upload.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _closed(request, problem: str, status: int):
    return render(request, CLOSED_PAGE, {"problem": problem}, status=status)


def _too_many(request, action: str):
    context = {"retry_minutes": ratelimit.retry_minutes(action)}
    return render(request, "lifestory/contributions/public_limited.html", context, status=429)


class ContributeView(PublicMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/contributions/public_form.html"
    form_class = ContributeForm

    def dispatch(self, request, *args, **kwargs):
        return sealed(self._answer(request, *args, **kwargs))

    def _answer(self, request, *args, **kwargs):
        posting = request.method == "POST"
        client = ratelimit.client_fingerprint(request)
        if posting and not ratelimit.consume(request, PER_CLIENT, key=client):
            return _too_many(request, PER_CLIENT)
        self.link = link_for_token(kwargs["token"])
        if self.link is None:
            return _closed(request, UNKNOWN, 404)
        if not self.link.is_open:
            return _closed(request, CLOSED, 410)
        if posting and not ratelimit.consume(request, PER_LINK, key=self.link.token_hash):
            return _too_many(request, PER_LINK)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            first_name=self.link.first_name, expires_at=self.link.expires_at, **kwargs
        )

    def perform(self, form):
        return contribution_receive(
            token=self.kwargs["token"],
            files=form.cleaned_data["files"],
            message=form.cleaned_data["message"],
        )

    def refuses_record(self, error) -> bool:
        return getattr(error, "code", None) in {"closed", "unknown"}

    def refused(self, error):
        status = 404 if error.code == "unknown" else 410
        return _closed(self.request, error.message, status)

    def performed(self, form, contribution):
        return redirect("lifestory_public:contribute_sent")


class ContributeSentView(PublicMixin, TemplateView):
    template_name = "lifestory/contributions/public_sent.html"

    def dispatch(self, request, *args, **kwargs):
        return sealed(super().dispatch(request, *args, **kwargs))
