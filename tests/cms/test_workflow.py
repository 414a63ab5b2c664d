"""Editorial workflow: editors draft and submit, moderators approve and publish;
scheduled publishing runs from Celery beat; editors stay out of the portal."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupPagePermission,
    PageLogEntry,
    Workflow,
    WorkflowPage,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import StandardPage
from cms.seed_workflow import (
    EDITORS,
    MODERATORS,
    ensure_editorial_workflow,
    seed_editorial_workflow,
)
from cms.tasks import publish_scheduled_pages
from portal.accounts.roles import Role
from tests.cms.public_site_fixtures import add_standard_page, build_public_site
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


@pytest.fixture
def editor():
    return user_with_role(Role.EDITOR, email="editor@example.org")


@pytest.fixture
def moderator():
    return user_with_role(Role.ADMIN)


def page_form(title: str, slug: str, **actions) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Dates and places for the next information sessions.",
            "body": streamfield([]),
            "comments": inline_formset([]),
            **actions,
        }
    )


def submit_new_page(client, parent, title="Information sessions", slug="information-sessions"):
    url = reverse("wagtailadmin_pages:add", args=["cms", "standardpage", parent.pk])
    response = client.post(url, page_form(title, slug, **{"action-submit": "Submit"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    return StandardPage.objects.get(slug=slug)


class TestTheDefaultSetUp:
    def test_every_public_page_goes_through_moderators_approval(self, site):
        for page in (site.home, site.page, site.home_sv, site.page_sv):
            workflow = page.get_workflow()
            assert workflow is not None and workflow.active
            tasks = [task.specific for task in workflow.tasks]
            assert [list(task.groups.values_list("name", flat=True)) for task in tasks] == [
                [MODERATORS]
            ]

    def test_editors_may_edit_but_not_publish(self, site, editor, moderator):
        editor_rights = site.page.permissions_for_user(editor)
        assert editor_rights.can_edit()
        assert not editor_rights.can_publish()
        assert site.page.permissions_for_user(moderator).can_publish()


class TestDraftToPublished:
    def test_a_submitted_draft_goes_live_only_once_a_moderator_approves(
        self, client, site, editor, moderator
    ):
        client.force_login(editor)
        page = submit_new_page(client, site.home)

        # Submitted, not live: the public cannot see it.
        assert not page.live
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == editor
        client.logout()
        assert client.get("/information-sessions/").status_code == 404

        # The editor cannot approve their own submission.
        client.force_login(editor)
        approve_url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        )
        client.post(approve_url, {"comment": ""})
        page.refresh_from_db()
        assert not page.live

        # The moderator approves; the page is published.
        client.force_login(moderator)
        response = client.post(approve_url, {"comment": "Clear and accurate."})
        assert response.status_code == 302
        page.refresh_from_db()
        state.refresh_from_db()
        assert page.live
        assert state.status == WorkflowState.STATUS_APPROVED
        client.logout()
        assert client.get("/information-sessions/").status_code == 200

        # Page history and the audit log say who did what.
        log = {(entry.action, entry.user_id) for entry in PageLogEntry.objects.filter(page=page)}
        assert ("wagtail.create", editor.pk) in log
        assert ("wagtail.workflow.start", editor.pk) in log
        assert ("wagtail.workflow.approve", moderator.pk) in log
        assert ("wagtail.publish", moderator.pk) in log

    def test_an_editor_asking_to_publish_only_saves_a_draft(self, client, site, editor):
        client.force_login(editor)
        url = reverse("wagtailadmin_pages:add", args=["cms", "standardpage", site.home.pk])

        client.post(url, page_form("Opening hours", "opening-hours", **{"action-publish": "1"}))

        page = StandardPage.objects.get(slug="opening-hours")
        assert not page.live
        assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()

    def test_an_editor_cannot_publish_an_existing_draft(self, client, site, editor):
        draft = add_standard_page(site.home, "Term dates", live=False)
        client.force_login(editor)

        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[draft.pk]),
            page_form("Term dates", draft.slug, **{"action-publish": "1"}),
        )

        assert response.status_code == 302
        draft.refresh_from_db()
        assert not draft.live

    def test_a_moderator_may_send_a_draft_back(self, client, site, editor, moderator):
        client.force_login(editor)
        page = submit_new_page(client, site.home)
        state = WorkflowState.objects.get(object_id=str(page.pk))
        client.force_login(moderator)

        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[page.pk, "reject", state.current_task_state.pk],
            ),
            {"comment": "Please add the venue."},
        )

        state.refresh_from_db()
        page.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert not page.live


class TestScheduledPublishing:
    def test_beat_runs_wagtail_scheduled_publishing_every_minute(self):
        entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
        assert entry["task"] == "cms.tasks.publish_scheduled_pages"
        assert entry["schedule"].minute == set(range(60))

    def test_an_approved_page_goes_live_when_its_time_comes(self, client, site, moderator):
        draft = add_standard_page(site.home, "Summer groups", live=False)
        revision = draft.save_revision(
            user=moderator, approved_go_live_at=timezone.now() + timedelta(hours=1)
        )
        publish_scheduled_pages.delay()
        draft.refresh_from_db()
        assert not draft.live  # not yet

        type(revision).objects.filter(pk=revision.pk).update(
            approved_go_live_at=timezone.now() - timedelta(minutes=1)
        )
        publish_scheduled_pages.delay()

        draft.refresh_from_db()
        assert draft.live
        assert client.get("/summer-groups/").status_code == 200

    def test_a_page_comes_down_when_it_expires(self, client, site):
        client.get(site.page.url)  # cached
        type(site.page).objects.filter(pk=site.page.pk).update(
            expire_at=timezone.now() - timedelta(minutes=1)
        )

        publish_scheduled_pages.delay()

        site.page.refresh_from_db()
        assert not site.page.live
        assert client.get(site.page.url).status_code == 404


class TestEditorsStayInTheSiteEditor:
    def test_an_editor_reaches_the_wagtail_admin(self, client, editor):
        client.force_login(editor)

        assert client.get("/admin/").status_code == 200

    def test_an_editor_sees_no_placement_records(self, client, editor):
        from tests.placements.factories import PlacementFactory

        placement = PlacementFactory(host=editor.memberships.first().organisation)
        client.force_login(editor)

        listing = client.get(reverse("placements:placement_list"))
        detail = client.get(reverse("placements:placement_detail", args=[placement.pk]))

        assert listing.status_code in (200, 403)
        assert placement.student.name not in listing.content.decode()
        assert detail.status_code in (403, 404)
        assert placement.student.name not in detail.content.decode()

    def test_an_editor_is_refused_the_django_admin(self, client, editor):
        client.force_login(editor)

        for path in ("/django-admin/", "/django-admin/placements/placement/"):
            response = client.get(path, follow=True)
            # Sent to sign in again (as someone allowed), never shown the admin.
            assert response.redirect_chain, path
            assert response.redirect_chain[-1][0].startswith("/accounts/login/"), path
            assert "Site administration" not in response.content.decode()


class TestSeed:
    def test_the_seed_leaves_a_page_waiting_for_a_moderator(self, site, editor):
        page = seed_editorial_workflow(home=site.home)

        assert page is not None and not page.live
        assert page.owner == editor
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == editor
        assert PageLogEntry.objects.filter(
            page=page, action="wagtail.workflow.start", user=editor
        ).exists()
        # Running the seed again changes nothing.
        assert seed_editorial_workflow(home=site.home).pk == page.pk
        assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1

    def test_the_seed_skips_the_draft_without_the_demo_editor(self, site):
        assert seed_editorial_workflow(home=site.home) is None

    def test_the_seed_repairs_the_workflow_and_takes_publishing_from_editors(self, site, editor):
        WorkflowPage.objects.all().delete()
        Workflow.objects.update(active=False)
        editors = Group.objects.get(name=EDITORS)
        from django.contrib.auth.models import Permission

        GroupPagePermission.objects.create(
            group=editors,
            page=site.home,
            permission=Permission.objects.get(codename="publish_page"),
        )
        assert site.page.permissions_for_user(editor).can_publish()

        ensure_editorial_workflow()

        assert site.page.get_workflow() is not None
        editor = type(editor).objects.get(pk=editor.pk)  # page permissions are cached per user
        assert not site.page.permissions_for_user(editor).can_publish()
