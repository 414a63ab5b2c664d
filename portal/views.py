from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from .dashboard import panels_for
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
