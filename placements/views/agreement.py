"""Pages of a placement's practice learning agreement: read, write, sign.

Everyone who sees the placement reads its agreement; people outside its scope
get 404. Writing (placements.edit_agreement) and signing
(placements.sign_agreement) answer 403 to the others.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.views.generic import FormView, TemplateView

from portal import signatures
from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin, run_action

from ..forms.agreement import LearningAgreementForm
from ..models import LearningAgreement, Placement
from ..selectors.agreement import agreements_overdue
from ..services.agreement import agreement_save, agreement_sign, capacities_to_sign


class AgreementMixin(ObjectPermissionMixin):
    """Loads the placement (scope and action checked) and its agreement, if written."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.placement = self.check_object(
                get_object_or_404(
                    Placement.objects.with_people(),
                    pk=kwargs["pk"],
                )
            )
            self.agreement = LearningAgreement.objects.filter(placement=self.placement).first()
            if self.agreement is not None:
                # The same placement object, so signature_capacities() needs no query.
                self.agreement.placement = self.placement
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        try:
            # The placement page is built alongside; link back once it exists.
            back_url = reverse("placements:placement_detail", args=[self.placement.pk])
        except NoReverseMatch:
            back_url = None
        return super().get_context_data(
            placement=self.placement, agreement=self.agreement, back_url=back_url, **kwargs
        )


class AgreementView(AgreementMixin, TemplateView):
    template_name = "placements/agreement/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        placement, agreement = self.placement, self.agreement
        context["can_edit"] = user.has_perm("placements.edit_agreement", placement)
        context["overdue"] = agreements_overdue([placement]).exists()
        if agreement is None:
            return context
        signed = signatures.signatures_for(agreement)
        by_capacity = {signature.capacity: signature for signature in signed}
        labels = dict(LearningAgreement.Capacity.choices)
        context["signature_rows"] = [
            {
                "capacity": labels.get(capacity, capacity),
                "person": person,
                "signature": by_capacity.get(capacity),
            }
            for capacity, person in signatures.required_capacities(agreement).items()
        ]
        context["status"] = agreement.status_from(signed)
        context["status_label"] = LearningAgreement.Status(context["status"]).label
        context["can_sign"] = bool(
            capacities_to_sign(agreement=agreement, user=user, signed=signed)
        )
        context["sections"] = sections_of(agreement)
        fully_signed = context["status"] == LearningAgreement.Status.SIGNED
        context["changes"] = [] if fully_signed else signatures.changes_since_signed(agreement)
        return context


def sections_of(agreement: LearningAgreement) -> list[tuple[str, str]]:
    """(label, value as read) for each section, in the agreement's order."""
    rows = []
    for name in LearningAgreement.SECTIONS:
        field = LearningAgreement._meta.get_field(name)
        if name == "supervision_day":
            value = agreement.get_supervision_day_display()
        elif name == "supervision_time":
            value = f"{agreement.supervision_time:%H:%M}"
        else:
            value = getattr(agreement, name)
        rows.append((str(field.verbose_name).capitalize(), value))
    return rows


class AgreementEditView(AgreementMixin, ServiceFormMixin, FormView):
    template_name = "placements/agreement/form.html"
    form_class = LearningAgreementForm
    action_permission = "placements.edit_agreement"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.agreement
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_signatures"] = bool(
            self.agreement and signatures.signatures_for(self.agreement)
        )
        return context

    def perform(self, form):
        sections = {name: form.cleaned_data[name] for name in LearningAgreement.SECTIONS}
        self.had_signatures = bool(self.agreement and signatures.signatures_for(self.agreement))
        return agreement_save(placement=self.placement, by=self.request.user, **sections)

    def performed(self, form, result):
        if self.agreement is None:
            messages.success(self.request, "The practice learning agreement was saved.")
        elif self.had_signatures and form.has_changed():
            messages.success(
                self.request,
                "The agreement was changed. All signatures were cleared: everyone must sign again.",
            )
        else:
            messages.success(self.request, "The practice learning agreement was saved.")
        return redirect("placements:agreement", pk=self.placement.pk)


class AgreementSignView(AgreementMixin, TemplateView):
    """A confirmation page saying what the person agrees to; POST signs."""

    template_name = "placements/agreement/sign.html"
    action_permission = "placements.sign_agreement"

    def get(self, request, *args, **kwargs):
        if self.agreement is None:
            messages.error(
                request, "The agreement has not been written yet, so it cannot be signed."
            )
            return redirect("placements:agreement", pk=self.placement.pk)
        mine = capacities_to_sign(agreement=self.agreement, user=request.user)
        if not mine:
            messages.info(request, "You have already signed this agreement.")
            return redirect("placements:agreement", pk=self.placement.pk)
        labels = dict(LearningAgreement.Capacity.choices)
        return self.render_to_response(
            self.get_context_data(capacities=[labels[capacity] for capacity in mine])
        )

    def post(self, request, *args, **kwargs):
        if self.agreement is None:
            messages.error(
                request, "The agreement has not been written yet, so it cannot be signed."
            )
            return redirect("placements:agreement", pk=self.placement.pk)
        return run_action(
            request,
            lambda: agreement_sign(agreement=self.agreement, by=request.user),
            success="You signed the practice learning agreement.",
            then=reverse("placements:agreement", args=[self.placement.pk]),
        )


urlpatterns = [
    path("<int:pk>/agreement/", AgreementView.as_view(), name="agreement"),
    path("<int:pk>/agreement/edit/", AgreementEditView.as_view(), name="agreement_edit"),
    path("<int:pk>/agreement/sign/", AgreementSignView.as_view(), name="agreement_sign"),
]
