"""The co-ordinator's allocation pages (issue 4, requirement 10).

Three views of one job, behind a sub-navigation: placements still without a
practice educator (with educators who have room for their dates), practice
educators against their capacity, and settings with their open places. Plus
recording the places a setting offers. Co-ordinators and admins only; every
list is scoped by placements/selectors/allocation.py and paginated.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from portal.accounts.roles import Role
from portal.permissions import ObjectPermissionMixin, PermissionMixin
from portal.views import ServiceFormMixin

from ..forms.allocation import (
    AssignEducatorForm,
    EducatorFilterForm,
    OfferFilterForm,
    PlacementOfferForm,
    PlacementsNeedingEducatorFilterForm,
)
from ..forms.lifecycle import host_choices
from ..models import PlacementOffer
from ..selectors.allocation import (
    educators_with_room,
    offers_in_window,
    placements_needing_educator,
    teams_without_offers,
)
from ..selectors.profiles import people_for_coordination
from ..services.allocation import (
    OFFER_FIELDS,
    placement_educator_assign,
    placement_offer_create,
    placement_offer_update,
    placement_offer_withdraw,
)
from ..services.lifecycle import EDITABLE_STATUSES
from .lifecycle import PlacementMixin

ROWS_PER_PAGE = 25

SECTIONS = (
    ("placements", "Placements without a practice educator", "placements:allocation"),
    ("educators", "Practice educators and capacity", "placements:allocation_educators"),
    ("settings", "Settings and open places", "placements:allocation_settings"),
)


class AllocationPage(PermissionMixin, TemplateView):
    permission_required = "placements.view_allocation"
    section = ""
    filter_form_class = None

    def filters(self) -> dict:
        self.filter_form = self.filter_form_class(self.request.GET or None)
        return self.filter_form.cleaned_data if self.filter_form.is_valid() else {}

    def paginate(self, rows):
        return Paginator(rows, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            sections=[
                {"label": label, "href": reverse(url), "current": name == self.section}
                for name, label, url in SECTIONS
            ],
            section_title=next(label for name, label, _ in SECTIONS if name == self.section),
            filter_form=self.filter_form,
            filtered=bool(self.request.GET.keys() - {"page"}),
            query=query.urlencode(),
            **kwargs,
        )


class PlacementsNeedingEducatorView(AllocationPage):
    template_name = "placements/allocation/placements.html"
    section = "placements"
    filter_form_class = PlacementsNeedingEducatorFilterForm

    def get_context_data(self, **kwargs):
        user = self.request.user
        filters = self.filters()
        page_obj = self.paginate(
            placements_needing_educator(
                user,
                level=filters.get("level", ""),
                starts_on=filters.get("starts_on"),
                ends_on=filters.get("ends_on"),
            )
        )
        suggestions = educators_with_room(user, page_obj.object_list)
        rows = [
            {
                "placement": placement,
                "suggestions": suggestions.get(placement.pk, []),
                "can_assign": placement.status in EDITABLE_STATUSES
                and user.has_perm("placements.change_placement", placement),
            }
            for placement in page_obj.object_list
        ]
        return super().get_context_data(page_obj=page_obj, rows=rows, **kwargs)


class EducatorCapacityView(AllocationPage):
    """Practice educators with their live placements against their most at once.

    The count is the one the "Students and practice educators" page shows
    (selectors.profiles.people_for_coordination)."""

    template_name = "placements/allocation/educators.html"
    section = "educators"
    filter_form_class = EducatorFilterForm

    def get_context_data(self, **kwargs):
        filters = self.filters()
        educators = people_for_coordination(
            self.request.user, role=Role.PRACTICE_EDUCATOR, q=filters.get("q", "").strip()
        )
        room = filters.get("room")
        if room == "room":
            educators = educators.filter(live_placements__lt=F("educator_profile__max_students"))
        elif room == "full":
            educators = educators.filter(live_placements__gte=F("educator_profile__max_students"))
        return super().get_context_data(page_obj=self.paginate(educators), **kwargs)


class SettingsOpenPlacesView(AllocationPage):
    template_name = "placements/allocation/settings.html"
    section = "settings"
    filter_form_class = OfferFilterForm

    def get_context_data(self, **kwargs):
        filters = self.filters()
        offers = offers_in_window(
            self.request.user, starts_on=filters.get("starts_on"), ends_on=filters.get("ends_on")
        )
        return super().get_context_data(
            page_obj=self.paginate(offers),
            can_offer=host_choices(self.request.user).exists(),
            teams_without_offers=teams_without_offers(self.request.user),
            **kwargs,
        )


class PlacementOfferCreateView(PermissionMixin, ServiceFormMixin, FormView):
    template_name = "placements/allocation/offer_form.html"
    form_class = PlacementOfferForm
    permission_required = "placements.view_allocation"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Record places a setting offers", **kwargs)

    def perform(self, form):
        return placement_offer_create(by=self.request.user, **form.cleaned_data)

    def performed(self, form, offer):
        messages.success(
            self.request,
            f"{offer.host}, {offer.team}: {offer.places} place{'s' if offer.places != 1 else ''} "
            "recorded.",
        )
        return redirect("placements:allocation_settings")


class PlacementOfferMixin(ObjectPermissionMixin):
    action_permission = "placements.change_placementoffer"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.offer = self.check_object(
            get_object_or_404(PlacementOffer.objects.select_related("host"), pk=kwargs["pk"])
        )
        return super().dispatch(request, *args, **kwargs)


class PlacementOfferEditView(PlacementOfferMixin, ServiceFormMixin, FormView):
    template_name = "placements/allocation/offer_form.html"
    form_class = PlacementOfferForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {name: getattr(self.offer, name) for name in OFFER_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change the places offered", offer=self.offer, **kwargs
        )

    def perform(self, form):
        return placement_offer_update(offer=self.offer, by=self.request.user, **form.cleaned_data)

    def performed(self, form, result):
        messages.success(self.request, "The places offered were saved.")
        return redirect("placements:allocation_settings")


class PlacementOfferWithdrawView(PlacementOfferMixin, TemplateView):
    """GET: what withdrawing means. POST: withdraw."""

    template_name = "placements/allocation/offer_withdraw.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def post(self, request, *args, **kwargs):
        placement_offer_withdraw(offer=self.offer, by=request.user)
        messages.success(request, f"The places offered by {self.offer.team} were withdrawn.")
        return redirect("placements:allocation_settings")


class AssignEducatorView(PlacementMixin, ServiceFormMixin, FormView):
    """POST from the allocation page: assign one of the suggested practice educators."""

    form_class = AssignEducatorForm
    action_permission = "placements.change_placement"
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def _back(self):
        back = self.request.POST.get("next", "")
        if back.startswith(reverse("placements:allocation")):
            return redirect(back)
        return redirect("placements:allocation")

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self._back()

    def perform(self, form):
        return placement_educator_assign(
            placement=self.placement,
            educator=form.cleaned_data["practice_educator"],
            by=self.request.user,
        )

    def performed(self, form, result):
        educator = form.cleaned_data["practice_educator"]
        messages.success(
            self.request,
            f"{educator} is now the practice educator of {self.placement.student}'s placement "
            f"at {self.placement.host}.",
        )
        return self._back()


urlpatterns = [
    path("allocation/", PlacementsNeedingEducatorView.as_view(), name="allocation"),
    path("allocation/educators/", EducatorCapacityView.as_view(), name="allocation_educators"),
    path("allocation/settings/", SettingsOpenPlacesView.as_view(), name="allocation_settings"),
    path(
        "allocation/settings/new/",
        PlacementOfferCreateView.as_view(),
        name="placement_offer_create",
    ),
    path(
        "allocation/settings/<int:pk>/edit/",
        PlacementOfferEditView.as_view(),
        name="placement_offer_edit",
    ),
    path(
        "allocation/settings/<int:pk>/withdraw/",
        PlacementOfferWithdrawView.as_view(),
        name="placement_offer_withdraw",
    ),
    path(
        "allocation/<int:pk>/assign/",
        AssignEducatorView.as_view(),
        name="allocation_assign",
    ),
]
