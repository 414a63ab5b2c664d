"""The coverage page of a placement's capability evidence, where the practice
educator rates each PCF domain (see placements/views/evidence.py for who sees what)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView

from portal.views import ServiceFormMixin

from ..forms.coverage import DomainRatingsForm
from ..models import DomainRating, EvidenceItem
from ..selectors.coverage import evidence_coverage
from ..services.coverage import RATED_FRAMEWORK_CODE, domain_ratings_save, rated_domains
from .evidence import ASSESS, EvidenceMixin


class EvidenceCoverageView(EvidenceMixin, ServiceFormMixin, FormView):
    """The coverage matrix; the practice educator's domain ratings post here."""

    template_name = "placements/evidence/coverage.html"
    form_class = DomainRatingsForm
    post_permission = ASSESS

    def prepare(self, request):
        self.can_rate = request.user.has_perm(ASSESS, self.placement) and self.is_open
        return None

    def get_form_kwargs(self):
        ratings = {
            r.capability_id: r for r in DomainRating.objects.filter(placement=self.placement)
        }
        return {
            **super().get_form_kwargs(),
            "domains": rated_domains(),
            "placement": self.placement,
            "ratings": ratings,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            groups=evidence_coverage(self.placement),
            kinds=EvidenceItem.Kind.choices,
            rated_code=RATED_FRAMEWORK_CODE,
            can_rate=self.can_rate,
            **kwargs,
        )
        if not self.can_rate:
            context.pop("form", None)
        return context

    def get_form(self, form_class=None):
        return super().get_form(form_class) if self.can_rate else None

    def post(self, request, *args, **kwargs):
        if not self.can_rate:
            messages.error(request, self.closed_message("The domains cannot be rated"))
            return redirect("placements:evidence_coverage", pk=self.placement.pk)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        return domain_ratings_save(
            placement=self.placement, by=self.request.user, ratings=form.chosen()
        )

    def performed(self, form, saved):
        messages.success(
            self.request,
            f"Your ratings were saved ({len(saved)} domain{'s' if len(saved) != 1 else ''}).",
        )
        return redirect("placements:evidence_coverage", pk=self.placement.pk)


urlpatterns = [
    path("<int:pk>/evidence/coverage/", EvidenceCoverageView.as_view(), name="evidence_coverage"),
]
