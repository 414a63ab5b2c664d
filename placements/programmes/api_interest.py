"""Registrations of interest through the API (issue 19, requirement 9).

`POST /referrals/` with `"route": "interest"` (api_referrals) registers a
family's interest in a programme run in runs, as the public form does: the
same answers, the same checks and the same writes (services.interest.
interest_register), and the confirmation email in the family's language. A
refusal is a 422 naming each field (a child's as `child_<n>_<field>`, n counting
from 1) and writes nothing. Eligibility is explained, never a refusal: the 201
gives the reference and the assessment for the next run's first day
(eligibility.assess, as the page after the form), as data (dates and codes) and
as the page's sentences, in the language asked for with Accept-Language, else
the family's.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Field, Schema

from .eligibility import Assessment, assess, explain
from .forms.interest import MOST_CHILDREN
from .models import Programme, Referral, Run, SupportGroup, TreatmentStage
from .services.interest import DETAILS, InterestChild, interest_register


class InterestChildIn(Schema):
    first_name: str = Field(..., max_length=60)
    date_of_birth: dt.date
    support_group: SupportGroup = Field(
        ..., description="Whether the child is in, or waiting for, a support group."
    )


class InterestIn(Schema):
    """A family's registration of interest: the public form's answers."""

    route: Literal["interest"]
    programme: int = Field(..., ge=1, le=2**63 - 1)
    parent_name: str = Field(..., max_length=120)
    parent_email: str = Field(..., max_length=254, description="The reference is sent here.")
    parent_phone: str = Field("", max_length=40)
    municipality: str = Field(..., max_length=80, description="Where the family lives.")
    language: Referral.Language = Field(..., description="The language to use with the family.")
    treatment_stage: TreatmentStage = Field(
        ..., description="Where the parent is in their own treatment."
    )
    sober_since: dt.date = Field(
        ..., description="The first day of the parent's current period of sobriety."
    )
    parent_consent: bool = Field(
        ..., description="The parent agrees that the service keeps these details to contact them."
    )
    children: list[InterestChildIn] = Field(..., max_length=MOST_CHILDREN)


class RunRefOut(Schema):
    id: int
    first_day: dt.date


class ChildEligibilityOut(Schema):
    number: int = Field(..., description="The child's place in `children` as sent, from 1.")
    age: int = Field(..., description="The child's age on the day checked.")
    status: Literal["eligible", "too_young", "too_old"]
    eligible_from: dt.date | None = Field(
        ..., description="Too young: the birthday from which the child is old enough."
    )


class EligibilityOut(Schema):
    eligible: bool
    checked_on: dt.date = Field(
        ..., description="The next run's first day, or the day received when none is planned."
    )
    run: RunRefOut | None = Field(..., description="The run checked against.")
    reasons: list[Literal["age", "treatment_stage", "sobriety"]] = Field(
        ...,
        description="The rules not met: no child in the age range, the parent's treatment "
        "stage, or too short a sobriety (empty when eligible).",
    )
    treatment_stage_suits: bool
    sober_days: int | None = Field(..., description="Days of sobriety on the day checked.")
    sober_enough_from: dt.date | None = Field(
        ..., description="Too short a sobriety: the day it is long enough."
    )
    eligible_from: dt.date | None = Field(
        ...,
        description="The first day the programme fits (the day checked when it fits); "
        "null when it will not (every child too old, or the treatment stage).",
    )
    next_run_when_eligible: RunRefOut | None = Field(
        ..., description="Not eligible yet: the first planned run that would fit."
    )
    children: list[ChildEligibilityOut]
    language: Referral.Language = Field(..., description="The language of `explanation`.")
    explanation: list[str] = Field(
        ..., description="What the family is told, sentence by sentence."
    )


class InterestCreatedOut(Schema):
    id: int
    reference: str
    route: Literal["interest"]
    status: Referral.Status
    contact_due_date: dt.date = Field(
        ..., description="The family is contacted by this day (working days)."
    )
    eligibility: EligibilityOut


def answer_language(request, chosen: str) -> str:
    """The first language of ours that Accept-Language names, else the family's."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return chosen or settings.LANGUAGE_CODE


def _plain(value):
    """A choice's code, as the form gives it (any other value as it is)."""
    return getattr(value, "value", value)


def _run(run: Run | None) -> dict | None:
    return None if run is None else {"id": run.pk, "first_day": run.starts_on}


def eligibility_data(programme: Programme, assessment: Assessment, language: str) -> dict:
    reasons = []
    if not any(child.eligible for child in assessment.children):
        reasons.append("age")
    if not assessment.stage_suits:
        reasons.append("treatment_stage")
    if not assessment.sober_enough:
        reasons.append("sobriety")
    with translation.override(language):
        explanation = explain(programme, assessment)
    return {
        "eligible": assessment.eligible,
        "checked_on": assessment.day,
        "run": _run(assessment.run),
        "reasons": reasons,
        "treatment_stage_suits": assessment.stage_suits,
        "sober_days": assessment.sober_days,
        "sober_enough_from": assessment.sober_enough_from,
        "eligible_from": assessment.eligible_from,
        "next_run_when_eligible": _run(assessment.next_run_when_eligible),
        "children": [
            {
                "number": child.number,
                "age": child.age,
                "status": "eligible"
                if child.eligible
                else ("too_old" if child.too_old else "too_young"),
                "eligible_from": child.eligible_from,
            }
            for child in assessment.children
        ],
        "language": language,
        "explanation": explanation,
    }


def register_interest(request, programme: Programme, payload: InterestIn) -> dict:
    """Register the family's interest (the form's service) and assess it as the form's
    next page does; refusals are in the language of the answer."""
    language = answer_language(request, _plain(payload.language))
    with translation.override(language):
        if not programme.runs_in_runs:
            raise ValidationError(
                {
                    "route": _(
                        "%(programme)s takes referrals from professionals, not registrations "
                        "of interest."
                    )
                    % {"programme": programme.name}
                }
            )
        registration = interest_register(
            programme=programme,
            details={name: _plain(getattr(payload, name)) for name in DETAILS},
            children=[
                InterestChild(n, child.first_name, child.date_of_birth, _plain(child.support_group))
                for n, child in enumerate(payload.children, start=1)
            ],
        )
    children = list(registration.children.all())
    assessment = assess(
        programme,
        children=[(n, child.name, child.date_of_birth) for n, child in enumerate(children, 1)],
        treatment_stage=registration.treatment_stage,
        sober_since=registration.sober_since,
        today=timezone.localdate(registration.received_at),
    )
    return {
        "id": registration.pk,
        "reference": registration.reference,
        "route": "interest",
        "status": registration.status,
        "contact_due_date": registration.contact_due_on,
        "eligibility": eligibility_data(programme, assessment, language),
    }
