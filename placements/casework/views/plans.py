"""Casework pages: direct-work plans (issue 6, requirement 3).

- The plans list: the plans of the children a user sees, and a school
  contact's own school's plans; filtered by status and school; paginated.
- A plan's page: its children (initials and reference, each linking to their
  own page), goals, themes, agreements, sessions, and the moves the user may
  take. Each child's goals and parent's agreement only for those who may read
  that child's words (selectors.plans.readable_children: in a group, the
  children they work with). School contacts read it without session notes.
- Drafting a plan (choose the children, then the plan), changing a draft,
  recording agreements, and the status moves (complete and close early
  through a confirmation page).
- A section on the child's page listing that child's plans.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.permissions import ObjectPermissionMixin, PermissionMixin
from portal.transitions import available
from portal.views import FilteredListMixin, ServiceFormMixin, run_action

from ..forms.plans import (
    PlanAgreementsForm,
    PlanChildrenForm,
    PlanFilterForm,
    PlanForm,
    PlanTransitionForm,
)
from ..models import DirectWorkPlan, Theme
from ..selectors import plans as reads
from ..selectors.visits import school_visits
from ..selectors.waiting import plans_waiting, waiting_plan_choices
from ..services.plan_status import plan_transition
from ..services.plans import (
    plan_agreements_record,
    plan_create,
    plan_school_agree,
    plan_update,
)
from ..transitions.plans import CONFIRMED, PLAN_TRANSITIONS
from .children import ChildPage, child_page_section

VIEW_PURPOSE = "Viewed a direct-work plan"


def offered_themes(plan: DirectWorkPlan | None = None):
    themes = Theme.objects.filter(is_active=True)
    if plan is not None:
        themes = Theme.objects.filter(is_active=True) | Theme.objects.filter(plans=plan)
    return themes.distinct().order_by("position", "name")


class PlanListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "casework/plans/plan_list.html"
    permission_required = "casework.list_plans"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = PlanFilterForm(
            self.request.GET or None,
            schools=reads.schools_of_visible_plans(user),
            waiting=waiting_plan_choices(user),
        )
        filters = form.cleaned_data if form.is_valid() else {}
        plans = reads.plan_list_for(
            user, status=filters.get("status") or "", school=filters.get("school")
        )
        if filters.get("waiting"):
            plans = plans.filter(pk__in=plans_waiting(user, filters["waiting"]).values("pk"))
        context.update(
            self.list_context(
                form,
                filtered=bool(
                    filters.get("status") or filters.get("school") or filters.get("waiting")
                ),
                page=self.page_of(plans),
                can_add=user.has_perm("casework.add_plan"),
            )
        )
        return context


class PlanMixin(ObjectPermissionMixin):
    """A page about one plan: 404 outside the user's scope, 403 without the action."""

    scope_permission = "casework.view_plan"

    def load_plan(self, pk: int) -> DirectWorkPlan:
        return get_object_or_404(DirectWorkPlan.objects.select_related("school"), pk=pk)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = self.check_object(self.load_plan(kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan=self.plan, back_url=reverse("casework:plan_detail", args=[self.plan.pk]), **kwargs
        )


class PlanDetailView(PlanMixin, TemplateView):
    template_name = "casework/plans/plan_detail.html"

    def load_plan(self, pk: int) -> DirectWorkPlan:
        plan = reads.plan_for_page(pk)
        if plan is None:
            raise Http404("Not found")
        return plan

    def get_context_data(self, **kwargs):
        user = self.request.user
        plan = self.plan
        record_access(user, plan, VIEW_PURPOSE, path=self.request.path)
        moves = available(PLAN_TRANSITIONS, plan, user)
        sessions = list(plan.sessions.all())
        for session in sessions:
            session.attended_count = sum(1 for row in session.attendance.all() if row.attended)
        return super().get_context_data(
            members=list(plan.members.all()),
            themes=list(plan.themes.all()),
            sessions=sessions,
            sees_notes=user.has_perm("casework.view_plan_notes", plan),
            readable=reads.readable_children(user, plan),
            visits=school_visits(plan),
            can_change=plan.status == DirectWorkPlan.Status.DRAFT
            and user.has_perm("casework.change_plan", plan),
            school_may_agree=plan.status == DirectWorkPlan.Status.DRAFT
            and not plan.school_agreed_on
            and user.has_perm("casework.agree_plan_for_school", plan),
            buttons=[move for move in moves if move.name not in CONFIRMED],
            confirmed_moves=[move for move in moves if move.name in CONFIRMED],
            **kwargs,
        )


class PlanCreateView(PermissionMixin, ServiceFormMixin, FormView):
    """Step one (GET, no children chosen): who the plan is for. Step two: the plan."""

    template_name = "casework/plans/plan_form.html"
    permission_required = "casework.add_plan"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.children_form = None
        self.children = []
        return super().dispatch(request, *args, **kwargs)

    def _choose(self):
        eligible = reads.plannable_children(self.request.user)
        form = PlanChildrenForm(
            self.request.GET if "children" in self.request.GET else None, children=eligible
        )
        if form.is_bound and form.is_valid():
            self.children = list(form.cleaned_data["children"])
        self.children_form = form

    def get(self, request, *args, **kwargs):
        self._choose()
        if not self.children:
            return self.render_to_response(
                {"form": self.children_form, "step": 1, "title": "Plan direct work"}
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._choose()
        if not self.children:
            return redirect("casework:plan_create")
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return PlanForm(**self.get_form_kwargs(), children=self.children, themes=offered_themes())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Plan direct work",
            children=self.children,
            button="Save the draft plan",
            query=self.request.GET.urlencode(),
            **kwargs,
        )

    def perform(self, form):
        return plan_create(by=self.request.user, children=self.children, **form.service_kwargs())

    def performed(self, form, plan):
        messages.success(
            self.request,
            "The plan is saved as a draft. Record the agreements of the school, the child and a "
            "parent, then mark it as agreed.",
        )
        return redirect("casework:plan_detail", pk=plan.pk)


class PlanUpdateView(LoggedReadMixin, PlanMixin, ServiceFormMixin, FormView):
    template_name = "casework/plans/plan_form.html"
    action_permission = "casework.change_plan"
    read_record = "plan"
    read_purpose = "Opened a direct-work plan to change it"

    def get(self, request, *args, **kwargs):
        if self.plan.status != DirectWorkPlan.Status.DRAFT:
            messages.error(request, "Only a draft plan can be changed.")
            return redirect("casework:plan_detail", pk=self.plan.pk)
        return super().get(request, *args, **kwargs)

    @cached_property
    def members(self):
        return list(
            self.plan.members.select_related("child")
            .prefetch_related("goals")
            .order_by("child__reference")
        )

    def get_form(self, form_class=None):
        return PlanForm(
            **self.get_form_kwargs(),
            children=[m.child for m in self.members],
            themes=offered_themes(self.plan),
        )

    def get_initial(self):
        plan = self.plan
        initial = {
            "themes": list(plan.themes.all()),
            "planned_sessions": plan.planned_sessions,
            "first_session_on": plan.first_session_on,
            "session_time": plan.session_time,
            "session_minutes": plan.session_minutes,
            "place_in_school": plan.place_in_school,
        }
        for member in self.members:
            initial[f"goals_{member.child_id}"] = "\n".join(
                goal.text for goal in sorted(member.goals.all(), key=lambda g: g.position)
            )
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change the draft plan",
            children=[m.child for m in self.members],
            button="Save the changes",
            **kwargs,
        )

    def perform(self, form):
        return plan_update(by=self.request.user, plan=self.plan, **form.service_kwargs())

    def performed(self, form, saved):
        messages.success(self.request, "The plan is changed.")
        return redirect("casework:plan_detail", pk=self.plan.pk)


class PlanAgreementsView(LoggedReadMixin, PlanMixin, ServiceFormMixin, FormView):
    template_name = "casework/plans/plan_agreements.html"
    action_permission = "casework.change_plan"
    read_record = "plan"
    read_purpose = "Opened a direct-work plan to record agreements"

    def get(self, request, *args, **kwargs):
        if self.plan.status != DirectWorkPlan.Status.DRAFT:
            messages.error(request, "Agreements are recorded while the plan is a draft.")
            return redirect("casework:plan_detail", pk=self.plan.pk)
        return super().get(request, *args, **kwargs)

    def get_form(self, form_class=None):
        self.members = list(self.plan.members.select_related("child").order_by("child__reference"))
        return PlanAgreementsForm(**self.get_form_kwargs(), members=self.members)

    def get_initial(self):
        initial = {
            "school_agreed_on": self.plan.school_agreed_on,
            "school_agreed_by": self.plan.school_agreed_by,
        }
        for member in self.plan.members.all():
            pk = member.child_id
            initial[f"child_agreed_on_{pk}"] = member.child_agreed_on
            initial[f"parent_agreed_on_{pk}"] = member.parent_agreed_on
            initial[f"parent_agreed_by_{pk}"] = member.parent_agreed_by
        return initial

    def perform(self, form):
        return plan_agreements_record(by=self.request.user, plan=self.plan, **form.service_kwargs())

    def performed(self, form, saved):
        messages.success(self.request, "The agreements are recorded.")
        return redirect("casework:plan_detail", pk=self.plan.pk)


class PlanTransitionView(LoggedReadMixin, PlanMixin, ServiceFormMixin, FormView):
    """A status move: a confirmation page (GET) and the move itself (POST). The
    table's `who` decides (403 otherwise); the service runs the checks."""

    template_name = "casework/plans/plan_transition.html"
    read_record = "plan"
    read_purpose = "Opened a direct-work plan to change its status"

    def dispatch(self, request, *args, **kwargs):
        self.transition = PLAN_TRANSITIONS.get(kwargs["name"])
        if self.transition is None:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def check_object(self, obj):
        plan = super().check_object(obj)
        if not self.transition.who(self.request.user, plan):
            raise PermissionDenied(f"Only {self.transition.who_text} can do this.")
        return plan

    def get_form(self, form_class=None):
        return PlanTransitionForm(
            **self.get_form_kwargs(), needs_reason=self.transition.needs_reason
        )

    def get_context_data(self, **kwargs):
        plan = self.plan
        return super().get_context_data(
            transition=self.transition,
            possible=self.transition.allowed_from(plan.status),
            members=list(plan.members.select_related("child").order_by("child__reference")),
            **kwargs,
        )

    def perform(self, form):
        return plan_transition(
            plan=self.plan,
            name=self.transition.name,
            by=self.request.user,
            reason=form.cleaned_data.get("reason") or "",
        )

    def performed(self, form, saved):
        messages.success(self.request, self.transition.done_message)
        return redirect("casework:plan_detail", pk=self.plan.pk)

    def form_invalid(self, form):
        """A move from a confirmation page shows why it was refused on the form. The
        other moves are a button on the plan's page (their form has no field, so only
        the service refuses them): why goes back there, as messages."""
        if self.transition.name in CONFIRMED:
            return super().form_invalid(form)
        for error in form.non_field_errors():
            messages.error(self.request, error)
        return redirect("casework:plan_detail", pk=self.plan.pk)


@child_page_section("casework/plans/_child_section.html", slot="main", order=30)
def plans_section(page: ChildPage) -> dict | None:
    """The child's plans (two queries)."""
    plans = reads.plans_for_child(page.child)
    return {
        "plans": plans,
        "can_add": page.can_write and page.user.has_perm("casework.add_plan"),
    }


class PlanSchoolAgreeView(PlanMixin, View):
    """POST only: a contact of the plan's school agrees to the draft plan for it."""

    http_method_names = ["post"]
    action_permission = "casework.agree_plan_for_school"

    def post(self, request, pk):
        return run_action(
            request,
            lambda: plan_school_agree(by=request.user, plan=self.plan),
            success="You agreed to the plan for the school.",
            then=reverse("casework:plan_detail", args=[self.plan.pk]),
        )


urlpatterns = [
    path("plans/", PlanListView.as_view(), name="plan_list"),
    path("plans/new/", PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/change/", PlanUpdateView.as_view(), name="plan_update"),
    path("plans/<int:pk>/agreements/", PlanAgreementsView.as_view(), name="plan_agreements"),
    path("plans/<int:pk>/school-agrees/", PlanSchoolAgreeView.as_view(), name="plan_school_agree"),
    path(
        "plans/<int:pk>/status/<slug:name>/",
        PlanTransitionView.as_view(),
        name="plan_transition",
    ),
]
