"""Setting up a placement (issue 22, requirement 7): the co-ordinator searches for
the student (each shown with their current placement), chooses the team from the
open places listed, and hears at once, as they choose the practice educator, what
stands in the way: PEPS stage, DBS check, room. "Check for problems" (or the
practice educator list's htmx request) checks without saving; saving checks again
in placements.services.lifecycle, which lists every problem and saves nothing on
a refusal.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.generic import FormView

from portal.permissions import PermissionMixin
from portal.views import ServiceFormMixin

from ..forms.lifecycle import PlacementForm
from ..models import EducatorProfile, Placement
from ..services.lifecycle import placement_create

# Longest student search kept (a name, an email or a student number).
STUDENT_QUERY_MAX = 150
EDUCATOR_CHECK_TEMPLATE = "placements/lifecycle/_educator_check.html"


def educator_fit(form: PlacementForm) -> dict:
    """What the page says about the practice educator chosen: their problems, or
    their PEPS stage, DBS check and students during the dates when there are none."""
    cleaned = getattr(form, "cleaned_data", {})
    educator = form.educator_chosen
    if educator is None:
        return {"checked": True, "educator": None}
    problems = form.educator_problems
    fit = {"checked": True, "educator": educator, "problems": problems}
    starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
    profile = EducatorProfile.objects.filter(user=educator).first()
    if not problems and profile is not None and starts_on and ends_on:
        fit.update(
            profile=profile,
            students_then=Placement.objects.filter(
                practice_educator=educator,
                status__in=Placement.LIVE_STATUSES,
                starts_on__lt=ends_on,
                ends_on__gt=starts_on,
            ).count(),
            complete=bool(cleaned.get("level")),
        )
    return fit


class _CheckOnly(Exception):
    """Raised to undo a set-up or change that was only checked."""


class EducatorCheckMixin:
    """For a ServiceFormMixin form view of PlacementForm: the practice educator chosen
    is checked as they are chosen (htmx swaps in EDUCATOR_CHECK_TEMPLATE) and by the
    "Check for problems" button (without JavaScript), which runs `perform` and undoes
    it, so the page lists every problem the service would, and nothing is saved."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if "practice_educator" in form.fields:
            # As the educator is chosen, the page checks them (htmx; without
            # JavaScript, the "Check for problems" button does the same).
            form.fields["practice_educator"].widget.attrs.update(
                {
                    "hx-post": self.request.get_full_path(),
                    # Changing the level or the dates checks again.
                    "hx-trigger": "change, change from:[name=level], "
                    "change from:#id_starts_on, change from:#id_ends_on",
                    "hx-target": "#educator-check",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest form",
                    "hx-vals": '{"check": "educator"}',
                    "aria-controls": "educator-check",
                }
            )
        return form

    # Set while a POST only checks (the "Check for problems" button, or htmx).
    checking = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.checking:
            context.update(checked=True, fit=educator_fit(context["form"]))
        return context

    def post(self, request, *args, **kwargs):
        check = request.POST.get("check")
        if not check:
            return super().post(request, *args, **kwargs)
        # Only a check: nothing is saved, nobody is told.
        self.checking = True
        form = self.get_form()
        valid = form.is_valid()
        if request.headers.get("HX-Request") and check == "educator":
            return render(request, EDUCATOR_CHECK_TEMPLATE, {"fit": educator_fit(form)})
        if not valid:
            return self.form_invalid(form)
        # The service's own checks (placements.services.lifecycle), undone: a refusal
        # lands on the form as when saving.
        return self.run_service(
            form,
            lambda: self.perform_and_undo(form),
            lambda _: self.render_to_response(self.get_context_data(form=form, check_passed=True)),
        )

    def perform_and_undo(self, form) -> None:
        try:
            with transaction.atomic():
                self.perform(form)
                raise _CheckOnly
        except _CheckOnly:
            return None


class PlacementCreateView(PermissionMixin, EducatorCheckMixin, ServiceFormMixin, FormView):
    """A co-ordinator (or admin) sets up a draft placement."""

    template_name = "placements/lifecycle/placement_form.html"
    form_class = PlacementForm
    permission_required = "placements.add_placement"
    # The host and team come from the open place chosen.
    service_field_names = {"host": "place", "team": "place"}

    @property
    def student_query(self) -> str:
        return self.request.GET.get("student_q", "").strip()[:STUDENT_QUERY_MAX]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "student_query": self.student_query,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(student_query=self.student_query, **kwargs)
        if self.student_query:
            context["student_count"] = context["form"].fields["student"].queryset.count()
        return context

    def perform(self, form):
        data = form.cleaned_data
        profile = data["student"]
        place = data["place"]
        return placement_create(
            by=self.request.user,
            student=profile.user,
            course=profile.course,
            host=place.host,
            team=place.team,
            practice_educator=data["practice_educator"],
            onsite_supervisor=data["onsite_supervisor"],
            tutor=data["tutor"],
            level=data["level"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            required_days=data["required_days"],
            setting_kind=data["setting_kind"],
            service_user_group=data["service_user_group"],
            statutory_tasks=data["statutory_tasks"],
        )

    def performed(self, form, placement):
        messages.success(
            self.request,
            f"Draft placement set up for {placement.student}. Propose it when the details "
            "are ready; the people on it are told then.",
        )
        return redirect("placements:placement_detail", pk=placement.pk)
