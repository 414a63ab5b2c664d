"""Casework pages: closing the work with a child (summary, feedback, outcomes, PDF).

- The closure page of a child on a plan (PlanChild): the end-of-work summary for
  the school and parents, the child's feedback on the faces scale, what they
  said, and an outcome for each of their goals. The student or PE on current
  work with the child records it while the plan is active.
- The end-of-work summary as a PDF (portal.pdf, a direct download: one child's
  summary renders in well under a second). It is available once that child's
  closure is recorded, to the student and PE on the work, the co-ordinators
  holding the record and the school's contacts. It holds that one child's
  details only, never another child of a group plan. Opening the closure page
  and downloading the PDF each write an access-log row.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import FormView

from portal.accounts.roles import Role
from portal.audit.services import record_access
from portal.pdf import render_pdf
from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin

from .. import selectors
from ..forms.closure import ClosureForm
from ..models import DirectWorkPlan, DirectWorkSession, PlanChild, PlanGoal, SessionAttendance
from ..rules.wellbeing import works_currently_with
from ..services.closure import closure_record
from .children import ChildPage, child_page_section

VIEW_PURPOSE = "Viewed the child's end of work"
PDF_PURPOSE = "Downloaded the child's end-of-work summary"
PDF_TEMPLATE = "casework/closure/pdf.html"

FACES = [(value, label) for value, label in PlanChild.Faces.choices]


def _member(pk: int) -> PlanChild:
    return get_object_or_404(
        PlanChild.objects.select_related("plan__school", "child__school").prefetch_related(
            Prefetch("goals", queryset=PlanGoal.objects.order_by("position", "pk")),
            "plan__themes",
        ),
        pk=pk,
    )


class ClosureRecordView(ObjectPermissionMixin, ServiceFormMixin, FormView):
    template_name = "casework/closure/record.html"
    form_class = ClosureForm
    scope_permission = "casework.view_plan_member"
    action_permission = "casework.record_closure"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = self.check_object(_member(kwargs["pk"]))
        self.goals = list(self.member.goals.all())
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        record_access(request.user, self.member.child, VIEW_PURPOSE, path=request.path)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "goals": self.goals}

    def get_initial(self):
        member = self.member
        initial = {
            "summary": member.closure_summary,
            "faces_rating": member.faces_rating,
            "child_feedback": member.child_feedback,
        }
        initial.update({f"goal_{goal.pk}": goal.outcome for goal in self.goals if goal.outcome})
        return initial

    def get_context_data(self, **kwargs):
        plan = self.member.plan
        allowed = plan.status == DirectWorkPlan.Status.ACTIVE
        return super().get_context_data(
            member=self.member,
            child=self.member.child,
            plan=plan,
            goals=self.goals,
            faces=FACES,
            allowed=allowed,
            not_allowed=""
            if allowed
            else "The end of the work is recorded while the plan is active "
            f"(this plan is {plan.get_status_display().lower()}).",
            back_url=reverse("casework:child_detail", args=[self.member.child_id]),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return closure_record(
            by=self.request.user,
            member=self.member,
            summary=data["summary"],
            faces_rating=data["faces_rating"],
            child_feedback=data.get("child_feedback", ""),
            goal_outcomes=form.goal_outcomes(),
        )

    def performed(self, form, result):
        messages.success(
            self.request,
            f"The end of the work with {self.member.child.initials} is recorded. "
            "The summary for the school and parents can now be downloaded.",
        )
        return redirect("casework:child_detail", pk=self.member.child_id)


# --- the end-of-work summary ---------------------------------------------------------


def closure_summary_context(member: PlanChild) -> dict:
    """What the end-of-work summary shows: this child only (never the other
    children of a group plan), their goals and outcomes, their feedback, the
    school and the dates of the work."""
    plan = member.plan
    held = DirectWorkSession.objects.filter(plan=plan, status=DirectWorkSession.Status.HELD)
    dates = sorted(held.values_list("planned_on", flat=True))
    attended = SessionAttendance.objects.filter(
        session__in=held, child_id=member.child_id, attended=True
    ).count()
    return {
        "member": member,
        "child": member.child,
        "school": plan.school,
        "plan": plan,
        "group": plan.format == DirectWorkPlan.Format.GROUP,
        "goals": list(member.goals.all()),
        "themes": [theme.name for theme in plan.themes.all()],
        "faces_label": member.get_faces_rating_display() if member.faces_rating else "",
        "sessions_held": len(dates),
        "sessions_attended": attended,
        "first_session_on": dates[0] if dates else plan.first_session_on,
        "last_session_on": dates[-1] if dates else None,
        "closed_on": timezone.localtime(member.closed_at).date() if member.closed_at else None,
        "generated_at": timezone.now(),
    }


def closure_filename(member: PlanChild) -> str:
    # The reference, never the child's name (file names end up in download lists and emails).
    reference = slugify(member.child.reference) or "child"
    return f"end-of-work-summary-{reference}.pdf"


class ClosurePdfView(ObjectPermissionMixin, View):
    scope_permission = "casework.view_plan_member"
    action_permission = "casework.view_closure_summary"

    def get(self, request, pk: int):
        member = self.check_object(_member(pk))
        if member.closed_at is None:
            messages.error(
                request,
                "The end-of-work summary can be downloaded once the end of the work is recorded.",
            )
            return redirect("casework:child_detail", pk=member.child_id)
        body = render_pdf(PDF_TEMPLATE, closure_summary_context(member), request=request)
        record_access(request.user, member.child, PDF_PURPOSE, path=request.path)
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{closure_filename(member)}"'
        response["Cache-Control"] = "no-store"
        return response


# --- the child's page ----------------------------------------------------------------


@child_page_section("casework/closure/_child_section.html", order=65)
def closure_section(page: ChildPage) -> dict | None:
    """Each plan the child is on: the closure (if recorded), links to record it
    and to the summary. A fixed number of queries, whatever the number of plans."""
    user, child = page.user, page.child
    members = list(
        PlanChild.objects.filter(child=child)
        .select_related("plan__school")
        .prefetch_related(Prefetch("goals", queryset=PlanGoal.objects.order_by("position", "pk")))
        .order_by("-plan__first_session_on", "-plan__pk")
    )
    if not members:
        return None
    schools = {o.pk for o in user.organisations_where(Role.SCHOOL_CONTACT)}
    access = selectors.allocated_access(user, child)
    reads_all = (
        user.is_portal_admin
        or access.current
        or access.read_only_until is not None
        or selectors.coordinates_child(user, child)
    )
    can_record = page.can_write and works_currently_with(user, child)
    rows = []
    for member in members:
        if page.school_view and member.plan.school_id not in schools:
            continue
        rows.append(
            {
                "member": member,
                "goals": list(member.goals.all()),
                "can_record": can_record and member.plan.status == DirectWorkPlan.Status.ACTIVE,
                "can_download": member.closed_at is not None
                and (reads_all or member.plan.school_id in schools),
            }
        )
    if not rows:
        return None
    return {"rows": rows, "school_view": page.school_view}


urlpatterns = [
    path("plan-children/<int:pk>/closure/", ClosureRecordView.as_view(), name="closure_record"),
    path("plan-children/<int:pk>/summary.pdf", ClosurePdfView.as_view(), name="closure_pdf"),
]
