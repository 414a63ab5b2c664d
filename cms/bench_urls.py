"""URLs for the benchmark settings only (portal.settings.bench): the real URLs
plus the cheapest possible Django view, measured beside the public pages."""

from django.http import HttpResponse
from django.urls import path

from portal.permissions import public
from portal.urls import urlpatterns as portal_urlpatterns


@public
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *portal_urlpatterns]
