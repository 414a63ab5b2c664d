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


class RecordLockedForTest(ValidationError):
    pass


class SignDay(RecordDay):
    """A page of one record: a locked record sends the person back with the reason."""

    record_refusals = (RecordLockedForTest,)

    def back(self):
        return HttpResponse("back to the record", status=303)


def test_a_refusal_of_the_record_itself_goes_back_with_the_reason_as_a_message():
    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/", {"day": "2027-01-11"})
    request.session = {}
    request._messages = FallbackStorage(request)
    refusal = RecordLockedForTest("This record is signed by everyone and is locked.")
    response = SignDay.as_view(refusal=refusal)(request)
    assert (response.status_code, response.content) == (303, b"back to the record")
    assert [str(m) for m in get_messages(request)] == [
        "This record is signed by everyone and is locked."
    ]


def test_a_refusal_of_what_was_typed_still_lands_on_the_form_of_a_record_page():
    refusal = ValidationError({"date": "Enter a date in the placement."})
    response = post(SignDay.as_view(refusal=refusal), {"day": "2027-01-11"})
    assert response.status_code == 400
    assert "'day': ['Enter a date in the placement.']" in response.content.decode()


def _request_with_messages():
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_button_without_a_form_says_what_was_done_and_goes_on():
    from django.contrib.messages import get_messages

    from portal.views import run_action

    request = _request_with_messages()
    response = run_action(
        request, lambda: "Week 3", success=lambda week: f"{week} confirmed.", then="/days/"
    )
    assert response.url == "/days/"
    assert [str(m) for m in get_messages(request)] == ["Week 3 confirmed."]


def test_a_refused_button_shows_the_reason_and_goes_where_refusals_go():
    from django.contrib.messages import get_messages

    from portal.views import run_action

    def refuse():
        raise ValidationError("Commented evidence cannot be deleted.")

    request = _request_with_messages()
    response = run_action(
        request, refuse, success="Deleted.", then="/evidence/", refused_to="/evidence/4/"
    )
    assert response.url == "/evidence/4/"
    assert [str(m) for m in get_messages(request)] == ["Commented evidence cannot be deleted."]


def test_a_record_page_that_forgets_where_a_refusal_goes_says_so():
    class ForgetfulSign(RecordDay):
        record_refusals = (RecordLockedForTest,)

    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/", {"day": "2027-01-11"})
    request.session = {}
    request._messages = FallbackStorage(request)
    refusal = RecordLockedForTest("This record is signed by everyone and is locked.")
    with pytest.raises(NotImplementedError, match="ForgetfulSign must say where a refusal goes"):
        ForgetfulSign.as_view(refusal=refusal)(request)
