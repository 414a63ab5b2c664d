"""The public registration of interest (issue 19, requirement 2), in Swedish at
/sv/programmes/<slug>/interest/ and in English at /programmes/<slug>/interest/.

Like the referral form: rate-limited per client before the form is read, a
filled honeypot answered as if received (nothing kept), answers kept out of
caches and search engines, no script of its own. After sending, the page shows
the reference once and explains eligibility for the next run in the active
language, recomputed from the saved registration (so switching language on
that page shows the same answer in the other language).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import FormView, TemplateView

from portal.permissions import PublicMixin
from portal.views import ServiceFormMixin

from ..eligibility import assess, explain
from ..forms.interest import InterestForm
from ..models import Referral
from ..services.interest import interest_register
from .referrals import ProgrammeMixin, PublicFamilyFormMixin, sealed

PER_CLIENT = "programme_interest_client"  # a key of ACCOUNT_RATE_LIMITS
SESSION_KEY = "programmes_interest_sent"
LANGUAGES = (("sv", "Svenska"), ("en-gb", "English"))


def language_links(request) -> list[dict]:
    """This page in each language, for the language switcher (Swedish first)."""
    current = "sv" if get_language() == "sv" else "en-gb"
    return [
        {
            "language_code": code,
            "name": name,
            "url": translate_url(request.get_full_path(), code),
            "is_current": code == current,
            "is_translation": True,
        }
        for code, name in LANGUAGES
    ]


class RunsProgrammeMixin(ProgrammeMixin):
    """A programme families join in runs (a 404 for any other)."""

    def dispatch(self, request, *args, **kwargs):
        if self.programme is not None and not self.programme.runs_in_runs:
            raise Http404("This programme takes referrals, not registrations of interest")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(language_links=language_links(self.request), **kwargs)


class InterestCreateView(
    PublicMixin, RunsProgrammeMixin, PublicFamilyFormMixin, ServiceFormMixin, FormView
):
    template_name = "programmes/interest/register.html"
    form_class = InterestForm
    per_client = PER_CLIENT
    limited_template = "programmes/interest/limited.html"

    def dispatch(self, request, *args, **kwargs):
        programme = self.programme
        closed = programme is not None and not programme.is_accepting_referrals
        if closed and programme.runs_in_runs:
            return sealed(self.closed())
        return super().dispatch(request, *args, **kwargs)

    def closed(self):
        context = {"programme": self.programme, "language_links": language_links(self.request)}
        return render(self.request, "programmes/interest/closed.html", context)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def perform(self, form):
        return interest_register(
            programme=self.programme, details=form.details(), children=form.children()
        )

    def sent(self, reference: str, registration):
        self.request.session[SESSION_KEY] = {
            "slug": self.programme.slug,
            "reference": reference,
            "pk": registration.pk if registration is not None else None,
        }
        return redirect("programmes_interest:sent", slug=self.programme.slug)


class InterestSentView(PublicMixin, RunsProgrammeMixin, TemplateView):
    template_name = "programmes/interest/sent.html"

    def get(self, request, *args, **kwargs):
        sent = request.session.get(SESSION_KEY) or {}
        if sent.get("slug") != self.programme.slug:
            return redirect("programmes_interest:register", slug=self.programme.slug)
        lines = []
        registration = (
            Referral.objects.filter(pk=sent.get("pk"), programme=self.programme)
            .prefetch_related("children")
            .first()
        )
        if registration is not None:
            assessment = assess(
                self.programme,
                children=[
                    (n, child.name, child.date_of_birth)
                    for n, child in enumerate(registration.children.all(), start=1)
                ],
                treatment_stage=registration.treatment_stage,
                sober_since=registration.sober_since,
                today=timezone.localdate(registration.received_at),
            )
            lines = explain(self.programme, assessment)
            eligible = assessment.eligible
        else:  # the honeypot's answer: the same page, with nothing to explain
            eligible = True
        context = self.get_context_data(
            reference=sent["reference"], explanation=lines, eligible=eligible
        )
        return self.render_to_response(context)
