"""portal.views.ServiceFormMixin: the one way a form view runs a service.

A refusal from the service lands on the form field it names (through
`service_field_names` where the service and the form name it differently) and
nothing follows; success goes to `performed` with the service's result."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.generic import FormView

from portal.views import ServiceFormMixin


class DayForm(forms.Form):
    day = forms.DateField()
    note = forms.CharField(required=False)


class RecordDay(ServiceFormMixin, FormView):
    form_class = DayForm
    service_field_names = {"date": "day"}
    refusal: ValidationError | None = None

    def perform(self, form):
        if self.refusal is not None:
            raise self.refusal
        return f"recorded {form.cleaned_data['day']:%Y-%m-%d}"

    def performed(self, form, result):
        return HttpResponse(result, status=201)

    def form_invalid(self, form):
        return HttpResponse(repr(dict(form.errors)), status=400)


def post(view, data):
    return view(RequestFactory().post("/", data))


def test_success_hands_the_services_result_to_performed():
    response = post(RecordDay.as_view(), {"day": "2027-01-11"})
    assert response.status_code == 201
    assert response.content == b"recorded 2027-01-11"


def test_a_refusal_lands_on_the_forms_own_field_name():
    refusal = ValidationError({"date": "You already recorded 11 January 2027."})
    response = post(RecordDay.as_view(refusal=refusal), {"day": "2027-01-11"})
    assert response.status_code == 400
    assert "'day': ['You already recorded 11 January 2027.']" in response.content.decode()


def test_a_refusal_naming_no_field_of_the_form_goes_to_the_top():
    refusal = ValidationError({"placement": "The placement has ended."})
    response = post(RecordDay.as_view(refusal=refusal), {"day": "2027-01-11"})
    assert "'__all__': ['The placement has ended.']" in response.content.decode()


def test_a_refusal_without_fields_goes_to_the_top():
    response = post(RecordDay.as_view(refusal=ValidationError("Not now.")), {"day": "2027-01-11"})
    assert "'__all__': ['Not now.']" in response.content.decode()


@pytest.mark.parametrize("missing", ["perform", "performed"])
def test_a_view_that_forgets_its_service_says_so(missing):
    class Forgetful(ServiceFormMixin, FormView):
        form_class = DayForm

    view = Forgetful.as_view()
    if missing == "performed":
        Forgetful.perform = lambda self, form: "done"
    with pytest.raises(NotImplementedError, match="Forgetful must say"):
        post(view, {"day": "2027-01-11"})
