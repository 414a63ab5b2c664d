"""The public page where a carer or relative sends photos and a message through a
contribution link (issue 17, R4): no sign-in, the token in the address.

It shows nothing of the book: not the child's name, no chapter, no photo. An
unknown token answers 404; an expired or revoked one 410, in the same words
either way. Sending is rate-limited per client and per link (portal.ratelimit,
before the form is read). Every answer is kept out of caches and search engines,
and sends a Referer only to this site, so the token does not travel. CSRF stays
on. (portal.token_pages does all of this for every page reached by a token.)"""

from __future__ import annotations

from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from portal.permissions import PublicMixin
from portal.token_pages import SealedMixin, TokenPageMixin
from portal.views import ServiceFormMixin

from ..forms.contributions import ContributeForm
from ..selectors.contributions import link_for_token
from ..services.contributions import CLOSED, UNKNOWN, contribution_receive


class ContributeView(PublicMixin, TokenPageMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/contributions/public_form.html"
    form_class = ContributeForm
    closed_template = "lifestory/contributions/public_closed.html"
    limited_template = "lifestory/contributions/public_limited.html"
    unknown_problem = UNKNOWN
    closed_problem = CLOSED
    per_client_action = "lifestory_contribution_client"
    per_link_action = "lifestory_contribution"
    find_link = staticmethod(link_for_token)

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

    def performed(self, form, contribution):
        return redirect("lifestory_public:contribute_sent")


class ContributeSentView(PublicMixin, SealedMixin, TemplateView):
    template_name = "lifestory/contributions/public_sent.html"
