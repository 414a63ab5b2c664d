"""The public referral form (issue 18, requirement 2): no sign-in.

Sending is rate-limited per client before the form is read (portal.ratelimit),
so a refused request saves nothing. A filled honeypot is answered as if the
referral had arrived, and nothing is kept. The reference is shown once, on the
page after sending (from the session, so it is not in the address). Answers are
kept out of caches and search engines. CSRF stays on; the page has no script of
its own ("Add another child" is a submit button)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.generic import FormView, TemplateView

from portal import ratelimit
from portal.permissions import PublicMixin
from portal.views import ServiceFormMixin

from ..forms.referrals import CONFIRM, NEEDS, PARENT, REFERRER, ReferralForm
from ..models.referrals import new_reference
from ..selectors.programmes import programme_for_slug
from ..services.referrals import referral_receive

PER_CLIENT = "programme_referral_client"  # a key of ACCOUNT_RATE_LIMITS
SESSION_KEY = "programmes_referral_sent"


def sealed(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class ProgrammeMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.programme = programme_for_slug(kwargs["slug"])

    def dispatch(self, request, *args, **kwargs):
        if self.programme is None:
            raise Http404("No such programme")
        return sealed(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class PublicFamilyFormMixin:
    """A programme's public form about a family with a row per child (the referral
    form, the registration of interest): rate-limited per client before the form is
    read, "Add another child" answered with the form again as typed, a filled
    honeypot answered as sent with nothing kept, and a programme that stopped taking
    them answered with its closed page. The view names its `per_client` limit, its
    `limited_template`, `closed()` and `sent(reference, record)`."""

    per_client = ""
    limited_template = ""

    def post(self, request, *args, **kwargs):
        if not ratelimit.consume(
            request, self.per_client, key=ratelimit.client_fingerprint(request)
        ):
            context = {"retry_minutes": ratelimit.retry_minutes(self.per_client)}
            return render(request, self.limited_template, context, status=429)
        if "add_child" in request.POST:
            # One more empty row: the form again as typed, without judging it yet.
            data = request.POST.copy()
            data["child_rows"] = str(self._rows(request) + 1)
            form = self.get_form_class()(initial=data.dict(), programme=self.programme)
            form.initial.pop("add_child", None)
            return self.render_to_response(self.get_context_data(form=form))
        form = self.get_form()
        if form.is_bot:
            return self.sent(new_reference(self.programme.slug), None)
        return super().post(request, *args, **kwargs)

    @staticmethod
    def _rows(request) -> int:
        try:
            return max(1, int(request.POST.get("child_rows", 1)))
        except ValueError:
            return 1

    def refuses_record(self, error) -> bool:
        return getattr(error, "code", None) == "closed"

    def refused(self, error):
        return self.closed()

    def performed(self, form, record):
        return self.sent(record.reference, record)


class ReferralCreateView(
    PublicMixin, ProgrammeMixin, PublicFamilyFormMixin, ServiceFormMixin, FormView
):
    template_name = "programmes/referrals/refer.html"
    form_class = ReferralForm
    per_client = PER_CLIENT
    limited_template = "programmes/referrals/limited.html"

    def dispatch(self, request, *args, **kwargs):
        if self.programme is not None and not self.programme.is_accepting_referrals:
            return sealed(self.closed())
        return super().dispatch(request, *args, **kwargs)

    def closed(self):
        page = "programmes/referrals/closed.html"
        return render(self.request, page, {"programme": self.programme})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"] = self.get_form()
        form = kwargs["form"]
        sections = {
            "referrer": form.section(REFERRER),
            "confirm": form.section(CONFIRM),
            "parent": form.section(PARENT),
            "needs": form.section(NEEDS),
        }
        return super().get_context_data(sections=sections, **kwargs)

    def perform(self, form):
        return referral_receive(
            programme=self.programme, parent=form.parent(), children=form.children()
        )

    def sent(self, reference: str, referral):
        self.request.session[SESSION_KEY] = {"slug": self.programme.slug, "reference": reference}
        return redirect("programmes_public:referral_sent", slug=self.programme.slug)


class ReferralSentView(PublicMixin, ProgrammeMixin, TemplateView):
    template_name = "programmes/referrals/sent.html"

    def get(self, request, *args, **kwargs):
        sent = request.session.get(SESSION_KEY) or {}
        if sent.get("slug") != self.programme.slug:
            return redirect("programmes_public:refer", slug=self.programme.slug)
        return self.render_to_response(self.get_context_data(reference=sent["reference"]))
