"""Page: the portfolio pack for the practice assessment panel (supervision/portfolio.py).

GET shows the newest pack this person asked for (or a button to make one); with
htmx's HX-Request header it answers only the status panel, which the page polls
while the pack is made, part by part. POST asks for a new one. Whoever sees the
placement but is not one of the people the pack is for gets 403; anyone else 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views import View

from placements.models import Placement
from portal.exports import RETENTION, export_latest, export_request
from portal.models import DocumentExport
from portal.permissions import ObjectPermissionMixin, require_object_permission

from ..portfolio import PARTS, PORTFOLIO_PACK, PORTFOLIO_PERMISSION, PORTFOLIO_SCOPE


class PortfolioPackView(ObjectPermissionMixin, View):
    scope_permission = PORTFOLIO_SCOPE
    action_permission = PORTFOLIO_PERMISSION

    def _placement(self, request, pk: int) -> Placement:
        placement = get_object_or_404(Placement.objects.with_people(), pk=pk)
        return require_object_permission(
            request.user, placement, PORTFOLIO_PERMISSION, scope=PORTFOLIO_SCOPE
        )

    def get(self, request, pk: int):
        placement = self._placement(request, pk)
        export = export_latest(kind=PORTFOLIO_PACK, subject=placement, by=request.user)
        partial = request.headers.get("HX-Request") == "true"
        response = render(
            request,
            "supervision/exports/portfolio_status.html"
            if partial
            else "supervision/exports/portfolio_page.html",
            {
                "placement": placement,
                "export": export,
                "in_flight": export is not None and export.status in DocumentExport.IN_FLIGHT,
                "retention_days": RETENTION.days,
                "parts": PARTS,
            },
        )
        # The page and its polled panel share an address: caches must keep them apart.
        patch_vary_headers(response, ["HX-Request"])
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request, pk: int):
        placement = self._placement(request, pk)
        export_request(kind=PORTFOLIO_PACK, subject=placement, by=request.user)
        return redirect("supervision:placement_portfolio_pack", pk=placement.pk)


urlpatterns = [
    path(
        "placements/<int:pk>/portfolio-pack/",
        PortfolioPackView.as_view(),
        name="placement_portfolio_pack",
    ),
]
