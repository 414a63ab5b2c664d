"""Casework pages: requests for support (issue 6, requirement 2).

A school contact makes a request and follows its status; the service's
co-ordinators (and the practice educators of its students) triage it. The
list shows initials and references only; a request's page is a view of the
child's record, so each view writes an access-log row. A request outside the
user's scope answers 404; a move they may not take answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal import ratelimit
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.permissions import PermissionMixin, RecordActionMixin, RecordMixin
from portal.transitions import TransitionNotAllowed
from portal.views import FilteredListMixin, ServiceFormMixin

from ..forms.requests import AcceptForm, DecisionReasonForm, RequestFilterForm, SupportRequestForm
from ..models.requests import DECISION_TIMESCALE, REQUEST_DECISION_WORKING_DAYS
from ..rules import HOLDING_KINDS
from ..selectors import requests as reads
from ..selectors.merges import duplicates_of
from ..services.requests import (
    CARER_PREFIX,
    PUPIL_FIELDS,
    REQUEST_CARER_FIELDS,
    support_request_decide,
    support_request_submit,
)
from ..transitions.requests import REQUEST_TRANSITIONS, available

VIEW_PURPOSE = "Viewed a request for support"


class RequestListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "casework/requests/request_list.html"
    permission_required = "casework.list_requests"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = RequestFilterForm(self.request.GET or None)
        status = form.cleaned_data.get("status", "") if form.is_valid() else ""
        page = self.page_of(reads.request_list_for(user, status=status))
        page.object_list = reads.shown_to(user, reads.with_waiting(page.object_list))
        context.update(
            self.list_context(
                form,
                filtered=bool(status),
                page=page,
                requests=page.object_list,
                limit=REQUEST_DECISION_WORKING_DAYS,
                can_ask=user.has_perm("casework.add_request"),
                show_school=not user.has_role(Role.SCHOOL_CONTACT) or user.is_portal_admin,
            )
        )
        return context


class RequestCreateView(
    PermissionMixin, ratelimit.RateLimitedPostMixin, ServiceFormMixin, FormView
):
    template_name = "casework/requests/request_form.html"
    permission_required = "casework.add_request"
    form_class = SupportRequestForm
    rate_limit_action = ratelimit.SUPPORT_REQUEST

    def get_form_kwargs(self):
        user = self.request.user
        schools = list(user.organisations_where(Role.SCHOOL_CONTACT))
        # Only the services (and kinds of support) the school works with.
        offers = set().union(*reads.school_offers(schools).values())
        services = list(
            Organisation.objects.filter(
                kind__in=HOLDING_KINDS, pk__in={service for service, _ in offers}
            ).order_by("name")
        )
        return {
            **super().get_form_kwargs(),
            "schools": schools,
            "services": services,
            "kinds": {kind for _, kind in offers},
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(limit=REQUEST_DECISION_WORKING_DAYS, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return support_request_submit(
            by=self.request.user,
            school=data["school"],
            service=data.get("service"),
            child_fields={name: data[name] for name in PUPIL_FIELDS},
            carer_fields={
                name: data[CARER_PREFIX + name]
                for name in REQUEST_CARER_FIELDS
                if CARER_PREFIX + name in data
            },
            reason=data["reason"],
            themes=data["themes"],
            parent_consent_given=data["parent_consent_given"],
            parent_consent_on=data.get("parent_consent_on"),
            parent_consent_by=data.get("parent_consent_by", ""),
            child_view=data["child_view"],
            kind=data["kind"],
        )

    def performed(self, form, support_request):
        messages.success(
            self.request,
            f"Your request for support for {support_request.child} is sent. The service will "
            f"decide within {DECISION_TIMESCALE}.",
        )
        return redirect("casework:request_detail", pk=support_request.pk)


class RequestMixin(RecordMixin):
    """Loads the request: 404 outside the user's scope."""

    scope_permission = "casework.view_request"
    find = staticmethod(reads.request_for_page)


class RequestDetailView(RequestMixin, TemplateView):
    template_name = "casework/requests/request_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        pk = kwargs["pk"]
        support_request = self.load(pk)
        [support_request] = reads.shown_to(user, reads.with_waiting([support_request]))
        # The school sees what it entered, never a record it was merged into (issue 13).
        pupil = support_request.pupil
        record_access(user, pupil, VIEW_PURPOSE, path=self.request.path)
        if support_request.school_view:
            main_carer = support_request.carer_as_entered
        else:
            carers = list(pupil.carers.all())
            main_carer = next(
                (c for c in carers if c.is_main_contact), carers[0] if carers else None
            )
        context.update(
            support_request=support_request,
            child=pupil,
            main_carer=main_carer,
            duplicates=list(duplicates_of(pupil))
            if user.has_perm("casework.merge_child", pupil)
            else [],
            themes=list(support_request.themes.all()),
            allocations=list(support_request.allocations.all()),
            moves=[
                {"transition": move, "url": reverse(f"casework:request_{move.name}", args=[pk])}
                for move in available(REQUEST_TRANSITIONS, support_request, user)
            ],
            limit=REQUEST_DECISION_WORKING_DAYS,
            school_view=support_request.school_view,
        )
        return context


class DecisionMixin(LoggedReadMixin, RecordActionMixin, RequestMixin, ServiceFormMixin):
    """A triage page: 403 unless the move is the user's to take; a request already
    decided sends them back to its page."""

    move: str = ""
    record_name = "support_request"
    read_record = "support_request"
    read_purpose = "Opened a request for support to decide on it"
    record_refusals = (TransitionNotAllowed,)

    def refuse(self):
        self.transition = REQUEST_TRANSITIONS[self.move]
        if not self.transition.allowed_from(self.support_request.status):
            messages.error(
                self.request,
                f"This request is already {self.support_request.get_status_display().lower()}.",
            )
            return self.back()
        if not self.transition.who(self.request.user, self.support_request):
            raise PermissionDenied(f"Only {self.transition.who_text.rstrip(',')} can do this.")
        return None

    def back(self):
        return redirect("casework:request_detail", pk=self.support_request.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            support_request=self.support_request,
            transition=self.transition,
            back_url=reverse("casework:request_detail", args=[self.support_request.pk]),
            **kwargs,
        )

    def arguments(self, form) -> dict:
        raise NotImplementedError(f"{type(self).__name__} must say what the decision takes")

    def perform(self, form):
        return support_request_decide(
            support_request=self.support_request,
            name=self.move,
            by=self.request.user,
            **self.arguments(form),
        )

    def performed(self, form, support_request):
        messages.success(self.request, self.transition.done_message)
        return self.back()


class RequestAcceptView(DecisionMixin, FormView):
    template_name = "casework/requests/request_accept.html"
    form_class = AcceptForm
    move = "accept"

    def get_form_kwargs(self):
        service = self.support_request.child.held_by
        return {
            **super().get_form_kwargs(),
            "students": reads.triage_students(service, by=self.request.user),
            "educators": reads.triage_educators(service, by=self.request.user),
        }

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def arguments(self, form) -> dict:
        data = form.cleaned_data
        return {
            "students": list(data["students"]),
            "practice_educator": data.get("practice_educator"),
            "starts_on": data["starts_on"],
        }


class RequestReasonView(DecisionMixin, FormView):
    template_name = "casework/requests/request_decision.html"
    form_class = DecisionReasonForm
    labels = {
        "decline": ("Why is the request declined?", "The school is told the reason."),
        "redirect": (
            "Where was the child referred?",
            "For example “Referred to the children's services front door on 3 March”.",
        ),
    }

    def get_form_kwargs(self):
        label, hint = self.labels[self.move]
        return {**super().get_form_kwargs(), "label": label, "hint": hint}

    def arguments(self, form) -> dict:
        return {"reason": form.cleaned_data["reason"]}


urlpatterns = [
    path("requests/", RequestListView.as_view(), name="request_list"),
    path("requests/new/", RequestCreateView.as_view(), name="request_create"),
    path("requests/<int:pk>/", RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/accept/", RequestAcceptView.as_view(), name="request_accept"),
    path(
        "requests/<int:pk>/decline/",
        RequestReasonView.as_view(move="decline"),
        name="request_decline",
    ),
    path(
        "requests/<int:pk>/redirect/",
        RequestReasonView.as_view(move="redirect"),
        name="request_redirect",
    ),
]
