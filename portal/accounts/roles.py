"""The roles a membership can carry (DESIGN.md, "Roles and who sees what")."""

from django.db import models


class Role(models.TextChoices):
    STUDENT = "student", "Student social worker"
    PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
    ONSITE_SUPERVISOR = "onsite_supervisor", "On-site supervisor"
    TUTOR = "tutor", "University tutor"
    COORDINATOR = "coordinator", "Placement co-ordinator"
    SCHOOL_CONTACT = "school_contact", "School contact"
    LIFESTORY_WORKER = "lifestory_worker", "Life-story worker"
    # Children's social care: the qualified social worker accountable for an
    # assessment a student co-works, and the team manager who authorises it.
    SOCIAL_WORKER = "social_worker", "Qualified social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    # A programme's care co-ordinators, assessment team and group facilitators
    # (POCAR, the Children's Program): their programme's referrals and families.
    PROGRAMME_WORKER = "programme_worker", "Programme worker"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Administrator"


# Who may invite whom: a co-ordinator invites people into their own
# organisation but never creates administrators or other co-ordinators.
ROLES_A_COORDINATOR_MAY_INVITE = frozenset(
    {
        Role.STUDENT,
        Role.PRACTICE_EDUCATOR,
        Role.ONSITE_SUPERVISOR,
        Role.TUTOR,
        Role.SCHOOL_CONTACT,
        Role.LIFESTORY_WORKER,
        Role.SOCIAL_WORKER,
        Role.PROGRAMME_WORKER,
    }
)

# Roles whose work needs the API (university systems read placements and
# progress): they may create personal API tokens. Anyone else needs an admin to
# tick "May use the API" on their account (User.api_access_allowed).
API_ROLES = frozenset({Role.TUTOR, Role.COORDINATOR, Role.ADMIN})


# The roles an organisation of each kind can hold (issue 22, requirement 7): an
# invitation offers only these. Universities train students and employ tutors;
# schools have school contacts; local authorities and service providers host
# placements and employ the practice, casework and programme roles. Administrators
# and editors sit in the organisations that run the portal.
_HOSTING_ROLES = frozenset(
    {
        Role.STUDENT,
        Role.PRACTICE_EDUCATOR,
        Role.ONSITE_SUPERVISOR,
        Role.COORDINATOR,
        Role.LIFESTORY_WORKER,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.PROGRAMME_WORKER,
        Role.EDITOR,
        Role.ADMIN,
    }
)
ROLES_BY_ORGANISATION_KIND: dict[str, frozenset[str]] = {
    "university": frozenset({Role.STUDENT, Role.TUTOR, Role.COORDINATOR, Role.EDITOR, Role.ADMIN}),
    "local_authority": _HOSTING_ROLES,
    "service_provider": _HOSTING_ROLES,
    "school": frozenset({Role.SCHOOL_CONTACT}),
}


def roles_for_organisation_kind(kind: str) -> frozenset[str]:
    """The roles an organisation of `kind` can hold (every role for a kind not listed)."""
    return ROLES_BY_ORGANISATION_KIND.get(kind, frozenset(Role.values))
