"""Records in a given state, reached through the services (no tests here)."""

from supervision.services.sessions import session_reflect
from supervision.services.workflow import apply_transition, sign_record
from tests.supervision.factories import SupervisionSessionFactory


def sent_to_student(**fields):
    session = SupervisionSessionFactory(**fields)
    return apply_transition(
        record=session, name="send_to_student", by=session.placement.practice_educator
    )


def signed_by_student(**fields):
    session = sent_to_student(**fields)
    student = session.placement.student
    session_reflect(session=session, by=student, reflection="I learnt to listen before advising.")
    return sign_record(record=session, by=student)


def locked(**fields):
    session = signed_by_student(**fields)
    return sign_record(record=session, by=session.placement.practice_educator)
