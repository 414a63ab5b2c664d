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
