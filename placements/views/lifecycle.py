"""Placement pages: the list, one placement, setting one up, changing it, and the
confirmation page of each status change in placements/transitions.py.

A placement outside the user's scope answers 404; a change they may not make
answers 403 (portal.permissions).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, re_path
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.models import Signature
from portal.permissions import ObjectPermissionMixin, PermissionMixin
from portal.views import ServiceFormMixin
from portal.workingdays import WorkingDays

from ..access import read_only_notice
from ..contrast import contrast_problems
from ..forms.lifecycle import ContrastOverrideForm, PlacementForm, TransitionForm
from ..models import Concern, LearningAgreement, Placement
from ..oversight import kept_rag_for
from ..progress import progress_for
from ..sections import sections_for
from ..selectors.agreement import AGREEMENT_SIGNING_DAYS
from ..selectors.review import midpoint_follow_up, review_overview
from ..services.contrast import placement_contrast_override
from ..services.lifecycle import (
    EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    placement_transition,
    placement_update,
)
from ..timeline import placement_timeline
from ..transitions import TRANSITIONS, transitions_from
from .export import filtered_placements, rated_page
from .setup import EducatorCheckMixin, PlacementCreateView

PLACEMENTS_PER_PAGE = 25


class PlacementMixin(ObjectPermissionMixin):
    """Loads the placement of the URL's pk: 404 outside the person's scope, 403
    without the page's `action_permission` (portal.permissions)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.placement = self.check_object(
            get_object_or_404(Placement.objects.with_people(), pk=kwargs["pk"])
        )
        return super().dispatch(request, *args, **kwargs)


class PlacementListView(PermissionMixin, TemplateView):
    """Every placement the user may see with its RAG status, filtered by student name,
    status, level, course, cohort and RAG status (placements/views/export.py), and
    exported as CSV or XLSX by those who report upward."""

    template_name = "placements/lifecycle/placement_list.html"
    permission_required = "placements.list_placements"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = filtered_placements(self.request)
        page = Paginator(chosen.placements, PLACEMENTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=chosen.form,
            filtered=chosen.filtered,
            page_obj=rated_page(page, chosen.rags),
            query=query.urlencode(),
            can_create=self.request.user.has_perm("placements.add_placement"),
            can_export=self.request.user.has_perm("placements.export_placements"),
        )
        return context


# Timeline entries per page of the placement page (a placement's history is long).
TIMELINE_PER_PAGE = 50

# Moves never offered as the page's main (green) button: pausing a placement is a
# decision, not its next step (issue 22: on a red placement the main button was
# "Suspend placement"). Moves that end something for good have the warning style.
NEVER_THE_MAIN_BUTTON = frozenset({"suspend"})


def main_move(moves: list, recorded_moves: dict) -> str | None:
    """The name of the move shown as the main button, if any: the first that carries
    the placement on, unless a record's page (a review, a report) is the next step."""
    if recorded_moves:
        return None
    for move in moves:
        if not move.warning and move.name not in NEVER_THE_MAIN_BUTTON:
            return move.name
    return None


class PlacementDetailView(ObjectPermissionMixin, TemplateView):
    template_name = "placements/lifecycle/placement_detail.html"

    def get(self, request, *args, **kwargs):
        self.placement = self.check_object(
            get_object_or_404(Placement.objects.with_people(), pk=kwargs["pk"])
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        placement = self.placement
        allowed = [
            t for t in transitions_from(placement.status) if user.has_perm(t.permission, placement)
        ]
        actions = [t for t in allowed if t.recorded_by is None]
        reviews = review_overview(placement)
        working_days = WorkingDays()  # the midpoint's due date
        # Moves taken by recording a review, report or panel decision: one button
        # to that record's page per record (pass and fail share the panel's).
        recorded_moves = {
            t.recorded_by.form_url: t.recorded_by.button for t in allowed if t.recorded_by
        }
        return super().get_context_data(
            placement=placement,
            actions=actions,
            recorded_moves=recorded_moves,
            main_move=main_move(actions, recorded_moves),
            reviews=reviews,
            midpoint=midpoint_follow_up(reviews, working_days),
            # The student's progress: the same panel as on their dashboard.
            progress=progress_for([placement], user=user)[placement.pk],
            is_student=user.pk == placement.student_id,
            can_edit=placement.status in EDITABLE_STATUSES
            and user.has_perm("placements.change_placement", placement),
            can_override_contrast=_can_override_contrast(placement, user),
            timeline=Paginator(placement_timeline(placement), TIMELINE_PER_PAGE).get_page(
                self.request.GET.get("page")
            ),
            # Today's status as the lists and dashboards read it (kept: placements.rag_cache).
            rag=kept_rag_for([placement]).get(placement.pk),
            # Their stages only (the warning counts them and names each stage).
            open_concerns=list(
                Concern.objects.filter(
                    placement_id=placement.pk, status__in=Concern.UNRESOLVED_STATUSES
                )
                .only("stage")
                .order_by("raised_at", "pk")
            ),
            can_raise_concern=user.has_perm("placements.raise_concern", placement),
            agreement_overdue=_agreement_overdue(placement),
            read_only=read_only_notice(placement, user, "its records are"),
            placement_sections=sections_for(placement, user),
            **kwargs,
        )


def _agreement_overdue(placement: Placement) -> bool:
    """selectors.agreement.agreements_overdue for one placement, in one cheaper query:
    live, started AGREEMENT_SIGNING_DAYS or more days ago, and its agreement missing
    or lacking a required signature (the on-site supervisor's when it has one)."""
    signed = set(
        Signature.objects.filter(
            content_type=ContentType.objects.get_for_model(LearningAgreement),
            object_id__in=LearningAgreement.objects.filter(placement_id=placement.pk).values("pk"),
        ).values_list("capacity", flat=True)
    )  # none without an agreement
    required = {"student", "practice_educator", "tutor"}
    if placement.onsite_supervisor_id is not None:
        required.add("onsite_supervisor")
    cutoff = timezone.localdate() - timedelta(days=AGREEMENT_SIGNING_DAYS)
    return (
        placement.status in Placement.LIVE_STATUSES
        and placement.starts_on <= cutoff
        and not required <= signed
    )


def _can_override_contrast(placement: Placement, user) -> bool:
    """Offer the override to its co-ordinators while the rule is checked and broken."""
    return (
        placement.status in EDITABLE_STATUSES
        and not placement.contrast_override_reason
        and user.has_perm("placements.override_contrast", placement)
        and bool(contrast_problems(placement))
    )


class PlacementEditView(ObjectPermissionMixin, EducatorCheckMixin, ServiceFormMixin, FormView):
    """Change a draft or proposed placement's details; another practice educator is
    checked as they are chosen (placements/views/setup.py)."""

    template_name = "placements/lifecycle/placement_form.html"
    form_class = PlacementForm
    action_permission = "placements.change_placement"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.placement = self.check_object(
            get_object_or_404(Placement.objects.with_people(), pk=kwargs["pk"])
        )
        if self.placement.status not in EDITABLE_STATUSES:
            messages.error(
                request,
                f"A {self.placement.get_status_display().lower()} placement cannot be changed: "
                "only draft and proposed ones can.",
            )
            return redirect("placements:placement_detail", pk=self.placement.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "placement": self.placement}

    def get_initial(self):
        return {name: getattr(self.placement, name) for name in EDITABLE_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        return placement_update(placement=self.placement, by=self.request.user, **changes)

    def performed(self, form, result):
        messages.success(self.request, "The placement's details were saved.")
        return redirect("placements:placement_detail", pk=self.placement.pk)


class PlacementTransitionView(ObjectPermissionMixin, ServiceFormMixin, FormView):
    """GET: what the move will do (and the reason box when ending early).
    POST: apply it. A refusal lists every reason and changes nothing."""

    template_name = "placements/lifecycle/placement_transition.html"
    form_class = TransitionForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.transition = TRANSITIONS.get(kwargs["transition"])
        if self.transition is None:
            raise Http404("Not found")
        self.action_permission = self.transition.permission
        self.placement = self.check_object(
            get_object_or_404(Placement.objects.with_people(), pk=kwargs["pk"])
        )
        if self.transition.recorded_by is not None:
            # Taken only by recording the review, report or panel decision: its page.
            return redirect(self.transition.recorded_by.form_url, pk=self.placement.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "needs_reason": self.transition.needs_reason}

    def get_context_data(self, **kwargs):
        placement = self.placement
        return super().get_context_data(
            placement=placement,
            transition=self.transition,
            allowed=self.transition.allowed_from(placement.status),
            target_label=Placement.Status(self.transition.target).label,
            people=[
                (person, capacity)
                for person, capacity in (
                    (placement.student, "student"),
                    (placement.practice_educator, "practice educator"),
                    (placement.onsite_supervisor, "on-site supervisor"),
                    (placement.tutor, "university tutor"),
                )
                if person is not None and person.pk != self.request.user.pk
            ],
            **kwargs,
        )

    def perform(self, form):
        return placement_transition(
            placement=self.placement,
            name=self.transition.name,
            by=self.request.user,
            reason=form.cleaned_data.get("reason", ""),
        )

    def performed(self, form, placement):
        messages.success(self.request, self.transition.done_message)
        return redirect("placements:placement_detail", pk=placement.pk)


class PlacementContrastOverrideView(PlacementMixin, ServiceFormMixin, FormView):
    """GET: how the placement breaks the contrasting-settings rule, and the reason box.
    POST: record the reason (placements/services/contrast.py); a refusal changes nothing."""

    template_name = "placements/lifecycle/contrast_override.html"
    form_class = ContrastOverrideForm
    action_permission = "placements.override_contrast"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            placement=self.placement, problems=contrast_problems(self.placement), **kwargs
        )

    def perform(self, form):
        return placement_contrast_override(
            placement=self.placement, by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def performed(self, form, placement):
        messages.success(
            self.request,
            "The reason is recorded: the placement can go ahead, and its university tutor "
            "sees why.",
        )
        return redirect("placements:placement_detail", pk=placement.pk)


# Transition names are listed in the route so that "<pk>/days/" and other
# placement pages are not mistaken for a status change.
_TRANSITION_NAMES = "|".join(TRANSITIONS)

urlpatterns = [
    path("", PlacementListView.as_view(), name="placement_list"),
    path("new/", PlacementCreateView.as_view(), name="placement_create"),
    path("<int:pk>/", PlacementDetailView.as_view(), name="placement_detail"),
    path("<int:pk>/edit/", PlacementEditView.as_view(), name="placement_edit"),
    path(
        "<int:pk>/contrast-override/",
        PlacementContrastOverrideView.as_view(),
        name="placement_contrast_override",
    ),
    re_path(
        rf"^(?P<pk>[0-9]+)/(?P<transition>{_TRANSITION_NAMES})/$",
        PlacementTransitionView.as_view(),
        name="placement_transition",
    ),
]
