"""Casework pages: safeguarding concerns (issue 6, requirement 6).

A concern is raised from a session, checked on a confirmation page (it cannot
be changed afterwards) and submitted; the practice educator and the school's
designated safeguarding lead are told at once. Its page is a read of the
child's record (an access-log row per view). Nothing offers to edit or delete
a concern: addenda add to it, and the outcome is recorded once.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.permissions import PermissionMixin, RecordActionMixin, RecordMixin
from portal.views import FilteredListMixin, ServiceFormMixin

from ..forms.safeguarding import (
    AddendumForm,
    ConcernFilterForm,
    ConcernForm,
    OutcomeForm,
)
from ..selectors import safeguarding as reads
from ..services.safeguarding import (
    concern_add_addendum,
    concern_raise,
    concern_record_outcome,
)
from .children import ChildPage, child_page_section
from .school_leads import SchoolSafeguardingListView, SchoolSafeguardingView

VIEW_PURPOSE = "Viewed a safeguarding concern"
RAISE_PURPOSE = "Raising a safeguarding concern"
CONFIRM = "confirmed"
CHANGE = "change"


class ConfirmStepMixin(ServiceFormMixin):
    """A form that is checked on a confirmation page before it is submitted: the
    first valid POST shows `confirm_template_name`; its "Submit" button (CONFIRM)
    runs the service (`perform`, then `performed`), its "Change" button (CHANGE)
    goes back to the form as filled in."""

    confirm_template_name = ""

    def form_valid(self, form):
        if self.request.POST.get(CHANGE):
            return self.render_to_response(self.get_context_data(form=form))
        if not self.request.POST.get(CONFIRM):
            return self.render_to_response(
                self.get_context_data(form=form, confirming=True),
                template_name=self.confirm_template_name,
            )
        return self.submit(form)

    def submit(self, form):
        return self.run_service(
            form, lambda: self.perform(form), lambda result: self.performed(form, result)
        )

    def render_to_response(self, context, template_name=None, **kwargs):
        if template_name:
            return self.response_class(
                request=self.request,
                template=[template_name],
                context=context,
                using=self.template_engine,
            )
        return super().render_to_response(context, **kwargs)


# --- raising a concern from a session -------------------------------------------------


class ConcernRaiseView(ConfirmStepMixin, RecordMixin, FormView):
    template_name = "casework/safeguarding/concern_raise.html"
    confirm_template_name = "casework/safeguarding/concern_confirm.html"
    form_class = ConcernForm
    scope_permission = "casework.view_concern_session"
    action_permission = "casework.raise_concern"
    service_field_names = {"happened_at": "happened_on"}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.session = self.found(reads.session_for_concern(kwargs["session_pk"]))
        self.children = reads.children_user_may_raise_for(request.user, self.session)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "children": self.children}

    def get_initial(self):
        now = timezone.localtime()
        return {"happened_on": now.date(), "happened_time": now.time().replace(second=0)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for child in self.children:
            record_access(self.request.user, child, RAISE_PURPOSE, path=self.request.path)
        form = context["form"]
        chosen = None
        if getattr(form, "cleaned_data", None):
            chosen = form.cleaned_data.get("child")
        context.update(
            session=self.session,
            plan=self.session.plan,
            children=self.children,
            only_child=self.children[0] if len(self.children) == 1 else None,
            chosen_child=chosen,
            happened_at=form.happened_at() if getattr(form, "cleaned_data", None) else None,
        )
        return context

    def perform(self, form):
        data = form.cleaned_data
        return concern_raise(
            by=self.request.user,
            session=self.session,
            child=data["child"],
            happened_at=form.happened_at(),
            what_happened=data["what_happened"],
            actions_taken=data["actions_taken"],
        )

    def performed(self, form, concern):
        messages.success(
            self.request,
            f"Your concern about {concern.child.reference} is submitted. The practice educator "
            "and the school's designated safeguarding lead have been told.",
        )
        return redirect("casework:concern_detail", pk=concern.pk)


# --- a concern's page, the list -------------------------------------------------------


class ConcernMixin(RecordMixin):
    scope_permission = "casework.view_concern"
    find = staticmethod(reads.concern_for_page)


class ConcernDetailView(ConcernMixin, TemplateView):
    template_name = "casework/safeguarding/concern_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        concern = self.load(kwargs["pk"])
        record_access(user, concern, VIEW_PURPOSE, path=self.request.path)
        context.update(
            concern=concern,
            child=concern.child,
            addenda=list(concern.addenda.all()),
            days_open=reads.days_open(concern),
            can_add=user.has_perm("casework.add_concern_addendum", concern),
            can_record_outcome=concern.is_open
            and user.has_perm("casework.record_concern_outcome", concern),
            can_open_child=user.has_perm("casework.view_child", concern.child),
        )
        return context


class ConcernListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "casework/safeguarding/concern_list.html"
    permission_required = "casework.list_concerns"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ConcernFilterForm(self.request.GET or None)
        status = form.cleaned_data.get("status", "") if form.is_valid() else ""
        page = self.page_of(reads.concern_list_for(self.request.user, status=status))
        now = timezone.now()
        context.update(
            self.list_context(
                form,
                filtered=bool(status),
                page=page,
                rows=[
                    {"concern": concern, "days_open": reads.days_open(concern, now)}
                    for concern in page.object_list
                ],
            )
        )
        return context


# --- adding to a concern, its outcome --------------------------------------------------


class ConcernActionMixin(
    LoggedReadMixin, RecordActionMixin, ConfirmStepMixin, ConcernMixin, FormView
):
    record_name = "concern"
    read_record = "concern"

    def back(self):
        return redirect("casework:concern_detail", pk=self.concern.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            concern=self.concern,
            back_url=reverse("casework:concern_detail", args=[self.concern.pk]),
            **kwargs,
        )


class ConcernAddendumView(ConcernActionMixin):
    template_name = "casework/safeguarding/addendum_form.html"
    confirm_template_name = "casework/safeguarding/addendum_confirm.html"
    form_class = AddendumForm
    action_permission = "casework.add_concern_addendum"
    read_purpose = "Opened a safeguarding concern to add to it"

    def perform(self, form):
        return concern_add_addendum(
            by=self.request.user, concern=self.concern, text=form.cleaned_data["text"]
        )

    def performed(self, form, addendum):
        messages.success(self.request, "Your addendum is added to the concern.")
        return self.back()


class ConcernOutcomeView(ConcernActionMixin):
    template_name = "casework/safeguarding/outcome_form.html"
    confirm_template_name = "casework/safeguarding/outcome_confirm.html"
    form_class = OutcomeForm
    action_permission = "casework.record_concern_outcome"
    read_purpose = "Opened a safeguarding concern to record its outcome"

    def refuse(self):
        if self.concern.is_open:
            return None
        messages.error(
            self.request, "The outcome is already recorded. Add an addendum with anything new."
        )
        return self.back()

    def perform(self, form):
        return concern_record_outcome(
            by=self.request.user, concern=self.concern, outcome=form.cleaned_data["outcome"]
        )

    def performed(self, form, concern):
        messages.success(self.request, "The outcome is recorded.")
        return self.back()


# --- the child's page -----------------------------------------------------------------


def _child_concerns(page: ChildPage) -> list:
    return reads.child_concerns_for(page.user, page.child)


@child_page_section("casework/safeguarding/_child_top.html", slot="top", order=0)
def open_concerns_section(page: ChildPage) -> dict | None:
    """Open concerns at the top of the child's page until their outcome is recorded.
    Someone working with the child who may not read a concern (another student on
    the work) is told one is open; school contacts other than the designated
    safeguarding lead see nothing. At most two queries."""
    concerns = [c for c in _child_concerns(page) if c.is_open]
    if concerns:
        now = timezone.now()
        return {
            "rows": [{"concern": c, "days_open": reads.days_open(c, now)} for c in concerns],
            "undisclosed": False,
        }
    if page.school_view or not page.can_write:
        return None
    if reads.child_has_open_concern(page.child):
        return {"rows": [], "undisclosed": True}
    return None


@child_page_section("casework/safeguarding/_child_closed.html", slot="main", order=90)
def closed_concerns_section(page: ChildPage) -> dict | None:
    concerns = [c for c in _child_concerns(page) if not c.is_open]
    if not concerns:
        return None
    return {"concerns": concerns}


urlpatterns = [
    path("safeguarding/", ConcernListView.as_view(), name="concern_list"),
    path(
        "sessions/<int:session_pk>/safeguarding-concern/",
        ConcernRaiseView.as_view(),
        name="concern_raise",
    ),
    path("safeguarding/<int:pk>/", ConcernDetailView.as_view(), name="concern_detail"),
    path(
        "safeguarding/<int:pk>/addendum/",
        ConcernAddendumView.as_view(),
        name="concern_add_addendum",
    ),
    path(
        "safeguarding/<int:pk>/outcome/",
        ConcernOutcomeView.as_view(),
        name="concern_record_outcome",
    ),
    path(
        "safeguarding/schools/",
        SchoolSafeguardingListView.as_view(),
        name="school_safeguarding_list",
    ),
    path(
        "safeguarding/schools/<int:school_pk>/",
        SchoolSafeguardingView.as_view(),
        name="school_safeguarding",
    ),
]
