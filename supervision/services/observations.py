"""Writing direct observations: booking, the student's plan, the observer's
feedback per PCF domain, the service user's feedback, the student's reflection,
status moves, signing and amending.

Status moves, signatures and amendments go through supervision.services.workflow
(the one transition function, the one signing path, the one amendment rule); the
functions here only write the observation's content, and each refuses a locked
observation before it looks at anything else.
"""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction

from placements.models import Capability, EducatorProfile, Placement
from placements.services.anonymisation import refuse_child_names
from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.services import notify

from .. import rules as policy
from ..models import Observation, ObservationFeedback, ServiceUserFeedback
from .observation_attachments import with_files
from .workflow import (
    amend_record,
    apply_transition,
    describe,
    locked_for_update,
    record_url,
    reflection_save,
    refuse_if_locked,
    sign_record,
)

O = Observation.Status  # noqa: E741 - reads as the model's status
Role = Observation.ObserverRole

# Observations are booked once the placement is agreed and until its report is in.
BOOKABLE_STATUSES = Placement.LIVE_STATUSES - {Placement.Status.PROPOSED}
SETTING_MAX = Observation._meta.get_field("setting").max_length
GIVEN_BY_MAX = ServiceUserFeedback._meta.get_field("given_by").max_length


def _status_text(observation: Observation) -> str:
    return observation.get_status_display().lower()


def observer_role_for(placement: Placement, observer: User) -> str:
    """The capacity `observer` observes the student in, or a ValidationError on `observer`.

    The practice educator and the on-site supervisor are named on the placement;
    anyone else must be a registered social worker, which the portal knows from
    their educator profile (it holds the Social Work England registration).
    """
    if observer is None:
        raise ValidationError({"observer": "Choose who will observe."})
    if observer.pk == placement.student_id:
        raise ValidationError({"observer": "The student cannot observe their own practice."})
    if observer.pk == placement.practice_educator_id:
        return Role.PRACTICE_EDUCATOR
    if observer.pk == placement.onsite_supervisor_id:
        return Role.ONSITE_SUPERVISOR
    if EducatorProfile.objects.filter(user=observer).exists():
        return Role.OTHER
    raise ValidationError(
        {
            "observer": "This person is not this placement's practice educator or on-site "
            "supervisor, and has no registered social worker profile on the portal, so "
            "they cannot observe."
        }
    )


def _check_date(placement: Placement, day: Date | None) -> None:
    if day is None:
        raise ValidationError({"date": "Enter the date of the observation."})
    if not placement.starts_on <= day <= placement.ends_on:
        raise ValidationError(
            {
                "date": "Choose a date within the placement, "
                f"{long_date(placement.starts_on)} to {long_date(placement.ends_on)}."
            }
        )


def _clean_setting(setting: str | None) -> str:
    setting = (setting or "").strip()
    if not setting:
        raise ValidationError({"setting": "Enter the setting, for example: home visit."})
    if len(setting) > SETTING_MAX:
        raise ValidationError({"setting": f"Keep the setting to {SETTING_MAX} characters."})
    return setting


def _tell(observation: Observation, by: User, title: str, body: str) -> None:
    people = {p.pk: p for _, p in observation.signature_capacities() if p is not None}
    educator = observation.placement.practice_educator
    if educator is not None:
        people.setdefault(educator.pk, educator)
    url = record_url(observation)
    for person in people.values():
        if person.pk != by.pk:
            notify(user=person, title=title, body=body, url=url, kind="observations")


@transaction.atomic
def observation_book(
    *,
    placement: Placement,
    by: User,
    observer: User,
    date: Date,
    setting: str,
    pre_observation_plan: str = "",
) -> Observation:
    """Book a direct observation of the student (the practice educator or the student).

    Refused: someone who may not book (PermissionDenied); a placement that is not
    agreed or already finished, an observer who may not observe, a date outside
    the placement, no setting, a plan written by anyone but the student
    (ValidationError naming the field).
    """
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("student", "practice_educator", "onsite_supervisor")
        .get(pk=placement.pk)
    )
    if not by.has_perm("supervision.add_observation", placement):
        raise PermissionDenied("Only the student or their practice educator books observations.")
    if placement.status not in BOOKABLE_STATUSES:
        raise ValidationError(
            "Observations are booked for confirmed and active placements; this one is "
            f"{placement.get_status_display().lower()}."
        )
    role = observer_role_for(placement, observer)
    _check_date(placement, date)
    setting = _clean_setting(setting)
    plan = (pre_observation_plan or "").strip()
    if plan and by.pk != placement.student_id:
        raise ValidationError(
            {"pre_observation_plan": "The student writes the plan for the observation."}
        )
    refuse_child_names(
        placement=placement,
        texts={"setting": setting, "pre_observation_plan": plan},
        model=Observation,
    )
    observation = Observation(
        placement=placement,
        observer=observer,
        observer_role=role,
        date=date,
        setting=setting,
        pre_observation_plan=plan,
        status=O.PLANNED,
    )
    with acting_as(by):
        observation.save()
    _tell(
        observation,
        by,
        title=f"Direct observation booked for {long_date(date)}",
        body=f"{by} booked {describe(observation)} ({setting}) with {observer} observing.",
    )
    return observation


@transaction.atomic
def observation_plan_save(
    *,
    observation: Observation,
    by: User,
    date: Date | None = None,
    setting: str | None = None,
    pre_observation_plan: str | None = None,
) -> Observation:
    """Change a planned observation: the student writes the plan; the observer or
    the practice educator moves the date or the setting. Arguments left as None
    stay as they are."""
    observation = locked_for_update(observation)
    refuse_if_locked(observation)
    if not by.has_perm("supervision.plan_observation", observation):
        raise PermissionDenied("Only the student, the observer or the practice educator can.")
    if observation.status != O.PLANNED:
        raise ValidationError(
            "The plan, date and setting change while the observation is planned; it is "
            f"{_status_text(observation)}."
        )
    arranges = policy.is_observer(by, observation) or policy.educates_observation(by, observation)
    fields = []
    if date is not None and date != observation.date:
        if not arranges:
            raise PermissionDenied("The observer or the practice educator changes the date.")
        _check_date(observation.placement, date)
        observation.date = date
        fields.append("date")
    if setting is not None and setting.strip() != observation.setting:
        if not arranges:
            raise PermissionDenied("The observer or the practice educator changes the setting.")
        observation.setting = _clean_setting(setting)
        fields.append("setting")
    if pre_observation_plan is not None:
        plan = pre_observation_plan.strip()
        if plan != observation.pre_observation_plan:
            if not policy.is_observation_student(by, observation):
                raise PermissionDenied("The student writes the plan for the observation.")
            observation.pre_observation_plan = plan
            fields.append("pre_observation_plan")
    if fields:
        refuse_child_names(
            placement=observation.placement,
            texts={field: getattr(observation, field) for field in fields if field != "date"},
            model=Observation,
        )
        with acting_as(by):
            observation.save(update_fields=[*fields, "updated_at"])
    return observation


def _editable_by_observer(observation: Observation, by: User) -> Observation:
    observation = locked_for_update(observation)
    refuse_if_locked(observation)
    if not by.has_perm("supervision.write_observation_feedback", observation):
        raise PermissionDenied("Only the observer writes the feedback.")
    if observation.status != O.DRAFT:
        hint = " Take it back to edit it." if observation.status != O.PLANNED else ""
        raise ValidationError(
            "The feedback is written after the observation has started and before it is "
            f"sent to the student; it is {_status_text(observation)}.{hint}"
        )
    return observation


def _pcf_capability(capability) -> Capability:
    if not isinstance(capability, Capability):
        capability = Capability.objects.select_related("version__framework").get(pk=capability)
    version = capability.version
    if version.framework.code != "pcf" or not version.is_current:
        raise ValidationError({"domain_feedback": "Give feedback on the current PCF domains only."})
    return capability


@transaction.atomic
def observation_feedback_save(
    *,
    observation: Observation,
    by: User,
    overall_feedback: str,
    domain_feedback: dict | None = None,
) -> Observation:
    """The observer writes the overall feedback and feedback per PCF domain.

    `domain_feedback` maps a capability (or its pk) to text; empty text removes
    that domain's feedback. Domains not named keep what they had.
    """
    observation = _editable_by_observer(observation, by)
    wanted = {}
    # Named as the feedback form names its boxes, so a refusal lands beside the domain.
    texts = {"overall_feedback": (overall_feedback or "").strip()}
    labels = {"overall_feedback": "overall feedback"}
    for capability, text in (domain_feedback or {}).items():
        capability = _pcf_capability(capability)
        wanted[capability.pk] = (text or "").strip()
        texts[f"domain_{capability.number}"] = wanted[capability.pk]
        labels[f"domain_{capability.number}"] = f"feedback on {capability.title}"
    refuse_child_names(placement=observation.placement, texts=texts, labels=labels)
    overall_feedback = texts["overall_feedback"]
    existing = {row.capability_id: row for row in observation.domain_feedback.all()}
    with acting_as(by):
        observation.overall_feedback = overall_feedback
        observation.save(update_fields=["overall_feedback", "updated_at"])
        for capability_id, text in wanted.items():
            row = existing.get(capability_id)
            if not text:
                if row is not None:
                    row.delete()
            elif row is None:
                ObservationFeedback.objects.create(
                    observation=observation, capability_id=capability_id, feedback=text
                )
            elif row.feedback != text:
                row.feedback = text
                row.save(update_fields=["feedback"])
    return observation


@transaction.atomic
def service_user_feedback_save(
    *,
    observation: Observation,
    by: User,
    kind: str,
    given_by: str,
    faces: int | None = None,
    comments: str = "",
) -> ServiceUserFeedback:
    """Record what the person the student worked with thought (one per observation).

    The faces form needs a face from 1 (very unhappy) to 5 (very happy); verbal
    feedback needs what they said. `given_by` is a relationship ("child aged 9",
    "parent"), never a name: the record is evidence in the student's portfolio.
    """
    observation = _editable_by_observer(observation, by)
    if kind not in ServiceUserFeedback.Kind.values:
        raise ValidationError({"kind": "Choose the faces form or verbal feedback."})
    given_by = (given_by or "").strip()
    if not given_by:
        raise ValidationError(
            {"given_by": "Say who gave the feedback by relationship, for example: child aged 9."}
        )
    if len(given_by) > GIVEN_BY_MAX:
        raise ValidationError({"given_by": f"Keep this to {GIVEN_BY_MAX} characters."})
    comments = (comments or "").strip()
    if kind == ServiceUserFeedback.Kind.FACES:
        try:
            faces = int(faces) if faces not in (None, "") else None
        except (TypeError, ValueError):
            faces = 0
        if faces is None:
            raise ValidationError({"faces": "Choose the face that shows how they felt."})
        if faces not in ServiceUserFeedback.FACES:
            raise ValidationError({"faces": "Choose one of the five faces."})
    else:
        faces = None
        if not comments:
            raise ValidationError({"comments": "Write down what they said."})
    refuse_child_names(
        placement=observation.placement,
        texts={"given_by": given_by, "comments": comments},
        labels={"given_by": "who gave the feedback", "comments": "feedback in their words"},
    )
    try:
        feedback = observation.service_user_feedback
    except ObjectDoesNotExist:
        feedback = ServiceUserFeedback(observation=observation)
    feedback.kind, feedback.given_by, feedback.faces, feedback.comments = (
        kind,
        given_by,
        faces,
        comments,
    )
    with acting_as(by):
        feedback.save()
    return feedback


def observation_reflect(*, observation: Observation, by: User, reflection: str) -> Observation:
    """The student writes their reflection while the observation waits for them."""
    return reflection_save(
        record=observation,
        by=by,
        reflection=reflection,
        permission="supervision.reflect_on_observation",
        sent_by="the observer",
    )


def observation_step(
    *, observation: Observation, by: User, name: str, reason: str = ""
) -> Observation:
    """A status move that is not a signature (start, cancel, send, take back...)."""
    return apply_transition(record=observation, name=name, by=by, reason=reason)


def observation_sign(*, observation: Observation, by: User) -> Observation:
    """The student or the observer signs; the second signature locks the observation."""
    return sign_record(record=observation, by=by)


def _copy_observation_parts(original: Observation, correction: Observation) -> None:
    for row in original.domain_feedback.all():
        ObservationFeedback.objects.create(
            observation=correction, capability_id=row.capability_id, feedback=row.feedback
        )
    try:
        feedback = original.service_user_feedback
    except ObjectDoesNotExist:
        return
    ServiceUserFeedback.objects.create(
        observation=correction,
        kind=feedback.kind,
        given_by=feedback.given_by,
        faces=feedback.faces,
        comments=feedback.comments,
    )


def observation_amend(*, observation: Observation, by: User, reason: str) -> Observation:
    """Start a correction of a locked observation: a copy (feedback per domain and the
    service user's feedback included) that the observer edits and both sign again."""
    if not by.has_perm("supervision.amend_observation", observation):
        raise PermissionDenied("Only the observer or the practice educator starts an amendment.")
    return amend_record(
        record=observation, by=by, reason=reason, copy_parts=with_files(_copy_observation_parts)
    )
