"""A form page of one supervision record or observation that runs a service.

portal.views.ServiceFormMixin puts a service's ValidationError on the form. On a
page of one record, some refusals are not about what was typed but about the
record itself (it is locked, or its status no longer allows the move): those
send the user back to the record with the reason and change nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from portal.locking import RecordLocked
from portal.views import ServiceFormMixin


class RecordRefused(Exception):
    """Carries a refusal of the record past ServiceFormMixin, which would put it on the form."""

    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


class RecordServiceMixin(ServiceFormMixin):
    """ServiceFormMixin for a page of one record. A refusal the page says is of the
    record (`refuses_record`: by default a `refused_errors` class) goes to
    `refused(error)`; any other lands on the form."""

    refused_errors: tuple[type[ValidationError], ...] = (RecordLocked,)

    def refuses_record(self, error: ValidationError) -> bool:
        return isinstance(error, self.refused_errors)

    def refused(self, error: ValidationError):
        raise NotImplementedError(f"{type(self).__name__} must say where a refusal goes")

    def run_service(self, form, write, done):
        def write_or_refuse():
            try:
                return write()
            except ValidationError as error:
                if self.refuses_record(error):
                    raise RecordRefused(error) from error
                raise

        try:
            return super().run_service(form, write_or_refuse, done)
        except RecordRefused as refusal:
            return self.refused(refusal.error)
