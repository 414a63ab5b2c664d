"""Intake pages (issue 18, requirement 3): the referrals list, a referral's page,
allocation, contact attempts and decisions.

A referral holds a parent's and their children's details: every page showing
one writes an access-log row. A referral outside the user's programmes answers
404; a step they may not take answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.forms import ReasonForm
from portal.permissions import PermissionMixin, RecordActionMixin, RecordMixin
from portal.transitions import TransitionNotAllowed
from portal.views import FilteredListMixin, ServiceFormMixin

from ..eligibility import assess, explain
from ..forms.intake import AllocateForm, ContactAttemptForm, ReferralFilterForm
from ..models import Referral, RunPlace
from ..selectors import intake as reads
from ..selectors import runs as runs_reads
from ..selectors.scope import programmes_of
from ..services.intake import contact_attempt_record, referral_allocate, referral_decide
from ..transitions import REFERRAL_TRANSITIONS, available

VIEW_PURPOSE = "Viewed a programme referral"


class ReferralListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "programmes/intake/referral_list.html"
    permission_required = "programmes.list_referrals"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        programmes = list(programmes_of(user).order_by("name"))
        form = ReferralFilterForm(self.request.GET or {"status": "open"}, programmes=programmes)
        data = form.cleaned_data if form.is_valid() else {"status": "open"}
        page = self.page_of(
            reads.referral_list_for(
                user,
                # A reference names one referral: it is found whatever its status.
                status="" if data.get("reference") else data.get("status", ""),
                programme=data.get("programme"),
                flag=data.get("flag", ""),
                mine=data.get("mine", False),
                reference=data.get("reference", ""),
            )
        )
        context.update(
            self.list_context(
                form,
                filtered=bool(self.request.GET),
                page=page,
                rows=reads.with_flags(page.object_list),
                show_programme=len(programmes) > 1,
                programmes=programmes,
            )
        )
        return context


class ReferralMixin(RecordMixin):
    """Loads the referral: 404 outside the user's programmes."""

    scope_permission = "programmes.view_referral"
    find = staticmethod(reads.referral_for_page)


class ReferralDetailView(ReferralMixin, TemplateView):
    template_name = "programmes/intake/referral_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        referral = self.load(kwargs["pk"])
        record_access(user, referral, VIEW_PURPOSE, path=self.request.path)
        [row] = reads.with_flags([referral])
        moves = [
            {
                "transition": move,
                "url": reverse(f"programmes:referral_{move.name}", args=[referral.pk]),
            }
            for move in available(REFERRAL_TRANSITIONS, referral, user)
        ]
        context.update(
            referral=referral,
            row=row,
            children=list(referral.children.all()),
            contacts=list(referral.contacts.all()),
            moves=moves,
            can_record_contact=referral.status == Referral.Status.ALLOCATED
            and user.has_perm("programmes.work_with_family", referral),
            enrolment=getattr(referral, "enrolment", None)
            if referral.status == Referral.Status.ACCEPTED
            else None,
            can_enrol=referral.status == Referral.Status.ACCEPTED
            and not referral.programme.runs_in_runs
            and user.has_perm("programmes.work_with_family", referral),
            today=timezone.localdate(),
        )
        if referral.is_interest:
            context.update(self._eligibility(referral, context["children"]))
            places = runs_reads.places_of(referral)
            may_invite = user.has_perm("programmes.invite_to_run", referral)
            context.update(
                run_places=places,
                can_invite=may_invite,
                can_invite_now=may_invite
                and referral.status in runs_reads.WAITING
                and not any(p.status in RunPlace.HOLDING for p in places),
            )
        return context

    @staticmethod
    def _eligibility(referral, children) -> dict:
        """Whether the next run fits the family, as the family was told."""
        assessment = assess(
            referral.programme,
            children=[(n, c.name, c.date_of_birth) for n, c in enumerate(children, start=1)],
            treatment_stage=referral.treatment_stage,
            sober_since=referral.sober_since,
            today=timezone.localdate(),
        )
        return {
            "eligibility": assessment,
            "eligibility_lines": explain(referral.programme, assessment),
        }


class ReferralStepMixin(LoggedReadMixin, RecordActionMixin, ReferralMixin, ServiceFormMixin):
    """A step on a referral: 403 unless the step is the user's to take; a referral
    whose status no longer allows it sends them back to its page."""

    move: str = ""
    record_name = "referral"
    read_record = "referral"
    read_purpose = "Opened a programme referral to act on it"
    record_refusals = (TransitionNotAllowed,)

    def refuse(self):
        self.transition = REFERRAL_TRANSITIONS[self.move]
        if not self.transition.allowed_from(self.referral.status):
            messages.error(
                self.request,
                _("This referral is %(status)s.")
                % {"status": self.referral.get_status_display().lower()},
            )
            return self.back()
        if not self.transition.who(self.request.user, self.referral):
            raise PermissionDenied(
                _("Only %(who)s can do this.") % {"who": str(self.transition.who_text).rstrip(",")}
            )
        return None

    def back(self):
        return redirect("programmes:referral_detail", pk=self.referral.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            referral=self.referral,
            transition=self.transition,
            back_url=reverse("programmes:referral_detail", args=[self.referral.pk]),
            **kwargs,
        )


class ReferralAllocateView(ReferralStepMixin, FormView):
    template_name = "programmes/intake/referral_step.html"
    form_class = AllocateForm
    move = "allocate"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": reads.team_for(self.referral.programme)}

    def get_initial(self):
        return {"care_coordinator": self.referral.care_coordinator_id}

    def perform(self, form):
        return referral_allocate(
            referral=self.referral,
            care_coordinator=form.cleaned_data["care_coordinator"],
            by=self.request.user,
        )

    def performed(self, form, referral):
        messages.success(
            self.request,
            _("Referral %(reference)s is allocated to %(name)s.")
            % {"reference": referral.reference, "name": referral.care_coordinator},
        )
        return self.back()


class ReferralDecisionView(ReferralStepMixin, FormView):
    template_name = "programmes/intake/referral_step.html"
    labels = {
        "not_suitable": (gettext_lazy("Why is the programme not suitable?"), ""),
        "parent_declined": (
            gettext_lazy("What did the parent say?"),
            gettext_lazy("In a sentence or two."),
        ),
        "withdraw": (
            gettext_lazy("Who withdrew the referral, and why?"),
            gettext_lazy("For example: the social worker, because the family moved away."),
        ),
    }

    form_class = ReasonForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "needs_reason": self.transition.needs_reason}
        if self.move in self.labels:
            label, hint = self.labels[self.move]
            kwargs.update(label=label, hint=hint)
        return kwargs

    def perform(self, form):
        return referral_decide(
            referral=self.referral,
            name=self.move,
            by=self.request.user,
            reason=form.cleaned_data.get("reason", ""),
        )

    def performed(self, form, referral):
        messages.success(
            self.request,
            _(
                "Referral %(reference)s: %(status)s. The referrer is emailed the outcome "
                "by reference."
            )
            % {"reference": referral.reference, "status": referral.get_status_display().lower()},
        )
        return self.back()


class ContactAttemptCreateView(
    LoggedReadMixin, RecordActionMixin, ReferralMixin, ServiceFormMixin, FormView
):
    template_name = "programmes/intake/contact_form.html"
    form_class = ContactAttemptForm
    action_permission = "programmes.work_with_family"
    record_name = "referral"
    read_record = "referral"
    read_purpose = "Opened a programme referral to record contact"
    service_field_names = {"method": "how"}

    def refuse(self):
        if self.referral.status != Referral.Status.ALLOCATED:
            messages.error(
                self.request,
                _("Contact is recorded once the referral is allocated and until it is decided."),
            )
            return self.back()
        return None

    def back(self):
        return redirect("programmes:referral_detail", pk=self.referral.pk)

    def get_initial(self):
        return {"made_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            referral=self.referral,
            back_url=reverse("programmes:referral_detail", args=[self.referral.pk]),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return contact_attempt_record(
            referral=self.referral,
            by=self.request.user,
            made_on=data["made_on"],
            method=data["how"],
            result=data["result"],
            note=data.get("note", ""),
            assessment_offered_on=data.get("assessment_offered_on"),
        )

    def performed(self, form, attempt):
        messages.success(self.request, _("The contact is recorded."))
        return self.back()


urlpatterns = [
    path("referrals/", ReferralListView.as_view(), name="referral_list"),
    path("referrals/<int:pk>/", ReferralDetailView.as_view(), name="referral_detail"),
    path("referrals/<int:pk>/allocate/", ReferralAllocateView.as_view(), name="referral_allocate"),
    path(
        "referrals/<int:pk>/contacts/new/",
        ContactAttemptCreateView.as_view(),
        name="referral_contact",
    ),
    *[
        path(
            f"referrals/<int:pk>/{move.replace('_', '-')}/",
            ReferralDecisionView.as_view(move=move),
            name=f"referral_{move}",
        )
        for move in ("accept", "not_suitable", "parent_declined", "withdraw")
    ],
]
