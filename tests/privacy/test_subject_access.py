"""Subject access: one person's records across the apps, their history and access
log, in a ZIP that names no one else."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from portal.accounts.roles import Role
from portal.audit.services import record_access
from portal.privacy.subject_access import WITHHELD, person_for, subject_access_zip
from tests.casework.factories import CarerFactory, ChildFactory, ConcernFactory
from tests.casework.support import work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def opened(body: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {
            name: archive.read(name) if name.endswith(".pdf") else json.loads(archive.read(name))
            for name in archive.namelist()
        }


@pytest.fixture
def child():
    child = ChildFactory(first_name="Marisol", last_name="Quenby")
    child.preferred_name = "Mari"
    child.save()
    CarerFactory(child=child, name="Delphine Quenby")
    ConcernFactory(child=child, what_happened="Marisol said she was hungry at school.")
    reader = user_with_role(Role.COORDINATOR, child.held_by, name="Ignatius Fairweather")
    record_access(reader, child, "Viewed the child's page")
    return child


def test_the_zip_holds_the_childs_records_history_access_log_and_summary(child):
    name, body = subject_access_zip(child)
    assert name == f"subject-access-child-{child.pk}.zip"
    files = opened(body)
    manifest = files["manifest.json"]
    assert manifest["about"] == {"kind": "child", "id": child.pk}
    assert manifest["record_types"]["casework.Child"] == 1
    assert manifest["record_types"]["casework.Carer"] == 1
    assert manifest["record_types"]["casework.SafeguardingConcern"] == 1
    assert set(manifest["files"]) == set(files)
    (record,) = files["records/casework.Child.json"]
    assert (record["first_name"], record["preferred_name"]) == ("Marisol", "Mari")
    changes = [h for h in files["history.json"] if h["record_type"] == "casework.Child"]
    assert [h["change"] for h in changes] == ["created", "changed"]
    (event,) = files["access-log.json"]
    assert event["why"] == "Viewed the child's page"
    assert files["summary.pdf"].startswith(b"%PDF")


def test_no_other_persons_name_is_in_the_export(child):
    body = subject_access_zip(child)[1]
    text = "".join(
        value.decode("latin-1") if isinstance(value, bytes) else json.dumps(value)
        for value in opened(body).values()
    )
    assert "Ignatius" not in text and "Fairweather" not in text  # the reader
    creator = child.created_by.name
    assert creator not in text
    assert "another person" in text


def test_a_group_sessions_notes_are_withheld_from_one_childs_export():
    work = work_with(2, with_sessions=True)
    first, second = work.children[:2]
    files = opened(subject_access_zip(first)[1])
    pdf = files.pop("summary.pdf")
    assert pdf.startswith(b"%PDF")
    assert second.first_name not in json.dumps(files)
    plans = files["records/casework.DirectWorkPlan.json"]
    assert plans and all(plan["closed_reason"] == WITHHELD for plan in plans)
    notes = " ".join(files["manifest.json"]["left_out_or_redacted"])
    assert "more than one child" in notes


def test_an_account_holders_export_has_their_own_records():
    student = user_with_role(Role.STUDENT, name="Ottoline Marchbank")
    files = opened(subject_access_zip(student)[1])
    (account,) = files["records/accounts.User.json"]
    assert account["name"] == "Ottoline Marchbank"
    assert files["manifest.json"]["record_types"]["accounts.Membership"] == 1


def test_the_command_writes_the_zip_and_refuses_a_person_that_is_not_there(child, tmp_path):
    out = tmp_path / "export.zip"
    call_command("subject_access_export", "--person", f"child:{child.pk}", "--out", str(out))
    assert "manifest.json" in opened(out.read_bytes())
    with pytest.raises(CommandError, match="no child with id 999999"):
        call_command("subject_access_export", "--person", "child:999999", "--out", str(out))
    with pytest.raises(CommandError, match="kind:id"):
        call_command("subject_access_export", "--person", "Marisol", "--out", str(out))
    with pytest.raises(LookupError):
        person_for("neighbour", 1)


def test_an_officers_export_lists_the_children_they_registered_without_their_content():
    child = ChildFactory(first_name="Theodora", last_name="Pennywhistle")
    files = opened(subject_access_zip(child.created_by)[1])
    files.pop("summary.pdf")
    assert files["manifest.json"]["record_types"]["casework.Child"] == 1
    text = json.dumps(files)
    assert "Theodora" not in text and "Pennywhistle" not in text
    notes = " ".join(files["manifest.json"]["left_out_or_redacted"])
    assert "without their content, which belongs to the children" in notes
