"""A child's support-group history (issue 19, requirement 6).

- `referral-children/<pk>/support-group/`: one child of a Children's Program
  family: the steps of their support-group history in date order, what the
  family said when they registered, and for each run the family has a place on
  whether it came before or after the support group; the team adds a step (or
  corrects one) with the form below.

The page shows the child's name: each time it is shown, an access-log row. A
child outside the user's programmes is a 404; recording needs
programmes.record_support_group on the child's referral (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from portal.audit.records import LoggedReadMixin
from portal.permissions import RecordActionMixin, require_object_permission
from portal.views import ServiceFormMixin

from ..forms.support_groups import SupportGroupStepForm
from ..selectors import support_group_history as reads
from ..services.support_groups import RECORD, VIEW, support_group_step_record


class SupportGroupView(LoggedReadMixin, RecordActionMixin, ServiceFormMixin, FormView):
    template_name = "programmes/support_groups/history.html"
    form_class = SupportGroupStepForm
    record_name = "child"
    read_record = "child"
    read_purpose = "Opened a child's support-group history"
    scope_permission = VIEW
    find = staticmethod(reads.child_for_support_group_page)

    def check_object(self, child):
        require_object_permission(self.request.user, child.referral, scope=VIEW)
        return child

    @property
    def may_record(self) -> bool:
        return self.request.user.has_perm(RECORD, self.child.referral)

    def post(self, request, *args, **kwargs):
        require_object_permission(request.user, self.child.referral, RECORD, scope=VIEW)
        return super().post(request, *args, **kwargs)

    def back(self):
        return redirect("programmes:support_group", pk=self.child.pk)

    def get_context_data(self, **kwargs):
        child = self.child
        steps = reads.support_group_steps(child)
        return super().get_context_data(
            child=child,
            referral=child.referral,
            steps=steps,
            runs=reads.run_paths(child, steps),
            may_record=self.may_record,
            back_url=reverse("programmes:referral_detail", args=[child.referral_id]),
            **kwargs,
        )

    def perform(self, form):
        return support_group_step_record(
            child=self.child,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            group=form.cleaned_data.get("group", ""),
            by=self.request.user,
        )

    def performed(self, form, result):
        step, created = result
        if created:
            text = _("Recorded for %(name)s: %(status)s.")
        else:
            text = _(
                "Corrected for %(name)s: %(status)s. The earlier answer is kept in the history."
            )
        messages.success(
            self.request, text % {"status": step.get_status_display(), "name": self.child.name}
        )
        return self.back()


urlpatterns = [
    path(
        "referral-children/<int:pk>/support-group/",
        SupportGroupView.as_view(),
        name="support_group",
    ),
]
