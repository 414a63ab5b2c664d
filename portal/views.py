from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.views.generic import TemplateView, View

from .dashboard import panels_for
from .forms import apply_validation_error
from .models import Notification
from .permissions import SignedInMixin
from .services import notification_mark_read


class DashboardView(SignedInMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = panels_for(self.request.user)
        return context


class NotificationListView(SignedInMixin, TemplateView):
    template_name = "portal/notifications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "unread")
        notifications = Notification.objects.filter(user=self.request.user)
        if show != "all":
            notifications = notifications.unread()
            show = "unread"
        page = Paginator(notifications, 25).get_page(self.request.GET.get("page"))
        context.update(page_obj=page, show=show)
        return context


class NotificationMarkReadView(SignedInMixin, View):
    """POST: mark one (`id`) or all of the user's notifications as read."""

    def post(self, request):
        ids = request.POST.getlist("id")
        try:
            wanted = [int(i) for i in ids] if ids else None
        except ValueError:
            messages.error(request, "That notification could not be found.")
            return redirect("portal:notifications")
        count = notification_mark_read(user=request.user, notification_ids=wanted)
        if wanted is None:
            messages.success(request, f"{count} notification{'s' if count != 1 else ''} cleared.")
        return redirect("portal:notifications")


class ServiceFormMixin:
    """A form view whose valid form is handed to a service.

    The view says what to do (`perform(form)`, which calls the service) and what
    follows success (`performed(form, result)`, usually a message and a redirect).
    A `ValidationError` from the service lands on the form, on the fields it names
    (`service_field_names` maps a service's name to the form's where they differ),
    and the form is shown again with nothing saved: services run in a transaction.

    Some refusals are not about what was typed but about the record itself: it is
    locked, or its status no longer allows the move (`record_refusals`, or
    `refuses_record` for a finer test). Those go to `refused(error)`: by default the
    reason as a message on the page `back()` returns to.

    A view with more than one action (two buttons, a confirmation step) calls
    `run_service(form, write, done)` for each."""

    service_field_names: dict[str, str] = {}
    record_refusals: tuple[type[Exception], ...] = ()

    def form_valid(self, form):
        return self.run_service(
            form, lambda: self.perform(form), lambda result: self.performed(form, result)
        )

    def perform(self, form):
        raise NotImplementedError(f"{type(self).__name__} must say which service it runs")

    def performed(self, form, result):
        raise NotImplementedError(f"{type(self).__name__} must say what follows success")

    def refuses_record(self, error: Exception) -> bool:
        return isinstance(error, self.record_refusals)

    def refused(self, error: ValidationError):
        messages.error(self.request, reasons(error))
        return self.back()

    def back(self):
        raise NotImplementedError(f"{type(self).__name__} must say where a refusal goes")

    def run_service(self, form, write, done):
        try:
            result = write()
        except (ValidationError, *self.record_refusals) as error:
            if self.refuses_record(error):
                return self.refused(error)
            apply_validation_error(form, error, self.service_field_names)
            return self.form_invalid(form)
        return done(result)


def reasons(error: Exception) -> str:
    """What a refusal says to the person: a ValidationError's messages, or the text
    of any other refusal (PermissionDenied)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def run_action(
    request,
    write,
    *,
    success,
    then: str,
    refused_to: str | None = None,
    also_refused: tuple[type[Exception], ...] = (),
):
    """A button without a form (sign, delete, reopen, withdraw) that runs a service.

    The service's refusal (a ValidationError, or one of `also_refused`) is shown
    as an error message and the person goes to `refused_to` (by default `then`),
    with nothing changed; on success `success` (a text, or a function of the
    service's result giving one) is shown and the person goes to `then`."""
    try:
        result = write()
    except (ValidationError, *also_refused) as error:
        messages.error(request, reasons(error))
        return redirect(refused_to or then)
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then)


def run_or_refuse(request, write, *, then, template_name: str, status: int):
    """A step with no record to go back to (a link from an email) that runs a service.

    The service's refusal is the page: `template_name` with the reason as
    `problem`, answered with `status`; on success `then(result)` answers."""
    try:
        result = write()
    except ValidationError as error:
        return render(request, template_name, {"problem": reasons(error)}, status=status)
    return then(result)


# List pages: a filter form above a paginated list.


class FilteredListMixin:
    """`page_of(rows)` is the page asked for (`?page=`); `list_context` is what every
    list template reads, `query` keeping the filters in the pages' links."""

    per_page = 25

    def page_of(self, rows) -> Page:
        return Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))

    def list_context(self, form, *, filtered: bool, page: Page, **extra) -> dict:
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            "filter_form": form,
            "filtered": filtered,
            "page_obj": page,
            "query": query.urlencode(),
            **extra,
        }
