"""The editorial workflow of the public site, and a demo page waiting in it.

Wagtail's own migrations already give a fresh database what we need: the
"Editors" group may add and edit pages, the "Moderators" group may also
publish, and the "Moderators approval" workflow (one GroupApprovalTask for
Moderators) is assigned to the root page, so it covers every page in every
language. People get those groups through their role
(portal.accounts.services.WAGTAIL_GROUP_FOR_ROLE: editor -> Editors,
admin -> Moderators). `ensure_editorial_workflow` checks that this is still
so, repairs what is missing, and takes any publish right away from Editors:
an editor submits, a moderator publishes.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.rich_text import RichText

from portal.accounts.roles import Role
from portal.accounts.services import WAGTAIL_GROUP_FOR_ROLE

EDITORS = WAGTAIL_GROUP_FOR_ROLE[Role.EDITOR]
MODERATORS = WAGTAIL_GROUP_FOR_ROLE[Role.ADMIN]
WORKFLOW_NAME = "Moderators approval"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = (*EDITOR_PAGE_PERMISSIONS, "publish_page", "lock_page", "unlock_page")
# Rights that let someone put content live without a moderator.
PUBLISHING_PERMISSIONS = ("publish_page", "bulk_delete_page")

DEMO_EDITOR_EMAIL = "editor@example.org"
DRAFT_SLUG = "how-we-use-your-feedback"


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def ensure_editorial_workflow() -> Workflow:
    """Groups, their page rights on the whole tree, and the approval workflow."""
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ):
        group.permissions.add(access_admin)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_page_permission(codename)
            )
    GroupPagePermission.objects.filter(
        group=editors, permission__codename__in=PUBLISHING_PERMISSIONS
    ).delete()

    task = GroupApprovalTask.objects.filter(active=True, groups=moderators).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME, active=True)
        task.groups.set([moderators])
    workflow = (
        Workflow.objects.filter(active=True, workflow_tasks__task=task).order_by("pk").first()
    )
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    # Every page in every language inherits the root's workflow, unless an
    # editor has deliberately given a part of the tree a different one.
    assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if assigned is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    elif not assigned.workflow.active:
        assigned.workflow = workflow
        assigned.save(update_fields=["workflow"])
    return workflow


@transaction.atomic
def seed_page_in_moderation(*, home: Page) -> Page | None:
    """A draft written by the demo editor and submitted for a moderator's approval.

    Skipped (None) when the demo editor or the StandardPage type is missing.
    Idempotent: an existing page with the slug is left as it is.
    """
    from portal.accounts.models import User

    try:
        from cms.models import StandardPage
    except ImportError:
        return None
    editor = User.objects.filter(email=DEMO_EDITOR_EMAIL).first()
    if editor is None:
        return None
    # Under "About this site" when the seed made one, else under the home page.
    parent = Page.objects.child_of(home).filter(slug="about").first() or home
    existing = Page.objects.child_of(parent).filter(slug=DRAFT_SLUG).first()
    if existing is not None:
        return existing.specific
    page = StandardPage(
        title="How we use your feedback",
        slug=DRAFT_SLUG,
        locale_id=home.locale_id,
        live=False,
        owner=editor,
        summary="What happens to the answers people give at the bottom of each page.",
        body=[
            (
                "paragraph",
                RichText(
                    "<p>Every page on this site asks whether it was useful. You can answer "
                    "yes or no and, if you like, tell us what to improve.</p>"
                    "<p>We keep only your answer, your comment and the date. We do not keep "
                    "your name, your internet address or anything about your device, and we "
                    "remove email addresses and phone numbers from comments before we store "
                    "them.</p>"
                    "<p>The people who edit this site read the answers and improve the pages "
                    "that people find hard to use.</p>"
                ),
            )
        ],
    )
    parent.add_child(instance=page)
    page.save_revision(user=editor, log_action=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, editor)
    return page


def seed_editorial_workflow(*, home: Page) -> Page | None:
    """Called from cms.seed.seed_public_site once the home page exists."""
    ensure_editorial_workflow()
    return seed_page_in_moderation(home=home)
