"""Pages of a placement's reviews: the midpoint review here; the final report with its
signatures and the student's comment in views/final_report.py, and the practice
assessment panel in views/panel.py.

Everyone who sees the placement reads its reviews (they hold no child details,
so university roles read them too); people outside its scope get 404. Each
writing page answers 403 to those who may not write it (placements/rules.py),
and every write goes through placements.services.review, final_report and panel.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView, View

from portal.views import ServiceFormMixin, run_action

from ..forms.review import MAX_ACTION_ROWS, MidpointReviewForm
from ..models import MidpointReview, Placement, ReviewAction
from ..selectors.review import pcf_domains
from ..services.lifecycle import people_on
from ..services.review import midpoint_review_record, review_action_complete
from ..transitions import TRANSITIONS
from .lifecycle import PlacementMixin

Status = Placement.Status


class ReviewMixin(PlacementMixin):
    """Loads the placement (scope and the page's action checked against it)."""

    scope_permission = "placements.view_placement"

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)

    def back_to(self, name: str):
        return redirect(f"placements:{name}", pk=self.placement.pk)


# --- Midpoint review ------------------------------------------------------------------


class MidpointReviewView(ReviewMixin, TemplateView):
    template_name = "placements/review/midpoint_detail.html"

    def get_context_data(self, **kwargs):
        user, placement = self.request.user, self.placement
        review = (
            MidpointReview.objects.filter(placement=placement).select_related("recorded_by").first()
        )
        context = {
            "review": review,
            "can_record": placement.status == Status.ACTIVE
            and user.has_perm("placements.record_midpoint_review", placement),
        }
        if review is not None:
            review.placement = placement
            actions = list(review.actions.select_related("owner"))
            finished = placement.status in Placement.FINISHED_STATUSES
            for action in actions:
                action.review = review
                action.can_complete = (
                    action.done_at is None
                    and not finished
                    and user.has_perm("placements.complete_review_action", action)
                )
            context.update(
                progress=list(review.progress.select_related("capability")),
                actions=actions,
            )
        return super().get_context_data(**context, **kwargs)


class MidpointReviewRecordView(ReviewMixin, ServiceFormMixin, FormView):
    """The practice educator records the review; it moves the placement on."""

    template_name = "placements/review/midpoint_form.html"
    form_class = MidpointReviewForm
    action_permission = "placements.record_midpoint_review"

    def get(self, request, *args, **kwargs):
        if MidpointReview.objects.filter(placement=self.placement).exists():
            messages.info(request, "The midpoint review of this placement is already recorded.")
            return self.back_to("midpoint_review")
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(domains=pcf_domains(), people=people_on(self.placement))
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(allowed=self.placement.status == Status.ACTIVE, **kwargs)

    def post(self, request, *args, **kwargs):
        if "add_action" in request.POST:
            # One more empty row: show the form again as typed, without judging it yet.
            initial = {name: request.POST.get(name) for name in request.POST}
            initial.pop("add_action", None)
            form = self.get_form_class()(
                initial={**initial, "action_rows": self._rows(request) + 1},
                domains=pcf_domains(),
                people=people_on(self.placement),
            )
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    @staticmethod
    def _rows(request) -> int:
        try:
            return min(int(request.POST.get("action_rows", 0)), MAX_ACTION_ROWS - 1)
        except ValueError:
            return 0

    def perform(self, form):
        data = form.cleaned_data
        return midpoint_review_record(
            placement=self.placement,
            by=self.request.user,
            held_on=data["held_on"],
            attendees=data["attendees"],
            outcome=data["outcome"],
            summary=data["summary"],
            progress=form.progress(),
            actions=form.actions(),
        )

    def performed(self, form, result):
        messages.success(self.request, TRANSITIONS["review_midpoint"].done_message)
        return self.back_to("midpoint_review")


class ReviewActionDoneView(ReviewMixin, View):
    """POST from the review page: the action's owner or the practice educator marks it done."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(
            ReviewAction.objects.select_related("review"),
            pk=kwargs["action_pk"],
            review__placement=self.placement,
        )
        action.review.placement = self.placement
        if not request.user.has_perm("placements.complete_review_action", action):
            raise PermissionDenied("Only the owner of the action or the practice educator can.")
        return run_action(
            request,
            lambda: review_action_complete(action=action, by=request.user),
            success="The action is marked as done.",
            then=reverse("placements:midpoint_review", args=[self.placement.pk]),
        )


urlpatterns = [
    path("<int:pk>/midpoint-review/", MidpointReviewView.as_view(), name="midpoint_review"),
    path(
        "<int:pk>/midpoint-review/record/",
        MidpointReviewRecordView.as_view(),
        name="midpoint_review_record",
    ),
    path(
        "<int:pk>/midpoint-review/actions/<int:action_pk>/done/",
        ReviewActionDoneView.as_view(),
        name="review_action_done",
    ),
]
