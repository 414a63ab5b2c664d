"""What kind of setting a placement is in (issue 16, requirement 1).

A student's two placements must be in contrasting settings, and at least one
must offer statutory tasks (DOMAIN.md "Practice learning"; Social Work England's
education standards, as the universities apply them). Three facts describe a
setting for that rule: its kind, the group of people it serves, and whether
statutory tasks are available to the student.

The facts are recorded on each placement, because the rule is about what the
student's placements were (a team can change over the years, and a placement
keeps what it was). A host's offer of places carries the same facts for its
team, and a placement set up in that team copies them unless the co-ordinator
says otherwise (placements.services.lifecycle.placement_create). Both models
take the fields from `SettingDescription`, so they can never disagree on a
choice. An empty kind or group means "not recorded" (placements set up before
the portal recorded them).
"""

from django.db import models


class SettingKind(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    STATUTORY_CHILDREN = "statutory_children", "Statutory children's services"
    VOLUNTARY = "voluntary", "Voluntary sector"
    HEALTH = "health", "Health"
    ADULT_SERVICES = "adult_services", "Adult services"
    EDUCATION = "education", "Education"
    OTHER = "other", "Other"


class ServiceUserGroup(models.TextChoices):
    CHILDREN_AND_FAMILIES = "children_families", "Children and families"
    YOUNG_PEOPLE = "young_people", "Young people"
    ADULTS = "adults", "Adults"
    OLDER_PEOPLE = "older_people", "Older people"
    MENTAL_HEALTH = "mental_health", "People with mental health needs"
    DISABILITIES = "disabilities", "Disabled people"
    SUBSTANCE_MISUSE = "substance_misuse", "People who misuse drugs or alcohol"
    OTHER = "other", "Other"


# The fields the contrasting-settings rule reads, in the order pages show them.
SETTING_FIELDS = ("setting_kind", "service_user_group", "statutory_tasks")


class SettingDescription(models.Model):
    setting_kind = models.CharField(
        "Kind of setting", max_length=30, choices=SettingKind.choices, blank=True
    )
    service_user_group = models.CharField(
        "Service user group", max_length=30, choices=ServiceUserGroup.choices, blank=True
    )
    statutory_tasks = models.BooleanField(
        "Statutory tasks available",
        default=False,
        help_text="The student can take part in statutory work (for example assessments "
        "and plans under the Children Act 1989 or the Care Act 2014).",
    )

    class Meta:
        abstract = True

    @property
    def setting_described(self) -> bool:
        return bool(self.setting_kind and self.service_user_group)

    def setting_summary(self) -> str:
        """'Early help, children and families, no statutory tasks' (refusals, exports)."""
        kind = self.get_setting_kind_display() if self.setting_kind else "kind not recorded"
        group = (
            self.get_service_user_group_display().lower()
            if self.service_user_group
            else "service user group not recorded"
        )
        tasks = "statutory tasks" if self.statutory_tasks else "no statutory tasks"
        return f"{kind}, {group}, {tasks}"
