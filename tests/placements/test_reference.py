from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from placements.models import Capability, Course, Framework
from placements.services.reference import framework_version_publish
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_the_frameworks_are_loaded_as_data():
    pcf = Framework.objects.get(code="pcf").current_version
    kss = Framework.objects.get(code="kss-child-family").current_version
    domains = list(pcf.capabilities.values_list("title", flat=True))
    assert domains == [
        "Professionalism",
        "Values and Ethics",
        "Diversity and Equality",
        "Rights, Justice and Economic Wellbeing",
        "Knowledge",
        "Critical Reflection and Analysis",
        "Skills and Interventions",
        "Contexts and Organisations",
        "Professional Leadership",
    ]
    assert all(
        c.first_placement_descriptor and c.final_placement_descriptor
        for c in pcf.capabilities.all()
    )
    assert kss.capabilities.count() == 10


def test_publishing_a_new_version_leaves_the_old_one_untouched():
    pcf = Framework.objects.get(code="pcf")
    old = pcf.current_version
    old_ids = set(old.capabilities.values_list("pk", flat=True))

    new = framework_version_publish(source=old, label="2026", published_on=date(2026, 9, 1))

    old.refresh_from_db()
    assert new.is_current and not old.is_current
    assert pcf.current_version == new
    assert set(old.capabilities.values_list("pk", flat=True)) == old_ids
    assert new.capabilities.count() == 9
    assert not set(new.capabilities.values_list("pk", flat=True)) & old_ids
    assert Capability.objects.filter(version=new, title="Knowledge").exists()


def test_a_version_label_is_not_reused():
    old = Framework.objects.get(code="pcf").current_version
    with pytest.raises(ValidationError) as error:
        framework_version_publish(source=old, label=old.label, published_on=date(2026, 9, 1))
    assert "label" in error.value.message_dict
    assert Framework.objects.get(code="pcf").versions.count() == 1


def test_course_numbers_are_settings_per_course():
    course = CourseFactory(first_placement_days=80, final_placement_days=90)
    assert course.required_days_for("first") == 80
    assert course.required_days_for("final") == 90
    assert course.weekly_supervision_minutes == 90
    assert (course.observations_total, course.observations_by_educator) == (3, 2)


def test_an_inconsistent_observation_rule_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(observations_total=2, observations_by_educator=3)
    assert not Course.objects.exists()


def test_admins_publish_through_the_django_admin(client):
    admin = user_with_role(Role.ADMIN)
    client.force_login(admin)
    old = Framework.objects.get(code="pcf").current_version
    url = "/django-admin/placements/frameworkversion/"
    form = client.post(url, {"action": "publish_new_version", "_selected_action": [old.pk]})
    assert form.status_code == 200
    assert "Publish a new version of Professional Capabilities Framework" in form.content.decode()
    done = client.post(
        url,
        {
            "action": "publish_new_version",
            "_selected_action": [old.pk],
            "publish": "1",
            "label": "2026 refresh",
            "published_on": "2026-09-01",
        },
    )
    assert done.status_code == 302
    assert Framework.objects.get(code="pcf").current_version.label == "2026 refresh"
