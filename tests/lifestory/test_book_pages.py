"""Life Story Book pages (issue 17, requirements 1, 2, 3 and 8): who sees what,
writing and ordering chapters, photos kept private and stripped, the list's
queries."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lifestory.models import Chapter, LifeStoryBook, MediaItem
from lifestory.selectors.books import chapters_of, current_version
from lifestory.services.media import media_add
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.casework.factories import ChildFactory
from tests.factories import user_with_role

from .images import gps_exif, jpeg_bytes
from .support import SEES, SEES_NOTHING, book_world, to_review

pytestmark = pytest.mark.django_db


def detail(book) -> str:
    return reverse("lifestory:book_detail", args=[book.pk])


def a_photo(world, **details):
    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(exif=gps_exif()))
    return media_add(
        by=world.worker,
        book=world.book,
        upload=upload,
        caption=details.get("caption", "At the seaside"),
        consent="Birth mum agreed",
        may_identify=details.get("may_identify", False),
    )


def test_only_the_project_sees_the_book_and_its_photos_and_each_read_is_logged(client):
    world = book_world()
    photo = a_photo(world)
    file_url = reverse("lifestory:photo_file", args=[world.book.pk, photo.pk, "thumbnail"])
    for name, person in world.people().items():
        client.force_login(person)
        before = AccessEvent.objects.filter(user=person).count()
        page = client.get(detail(world.book))
        picture = client.get(file_url)
        listing = client.get(reverse("lifestory:book_list"))
        if name in SEES:
            assert page.status_code == 200, name
            assert world.child.first_name in page.content.decode()
            assert picture.status_code == 200, name
            assert picture["Cache-Control"] == "private, no-store"
            assert AccessEvent.objects.filter(user=person).count() == before + 2
            assert world.child.reference in listing.content.decode()
        else:
            assert (page.status_code, picture.status_code) == (404, 404), name
            assert listing.status_code == 403 or (
                world.child.reference not in listing.content.decode()
            ), name
            assert AccessEvent.objects.filter(user=person).count() == before
    assert name  # every person was tried
    assert set(world.people()) >= SEES_NOTHING


def test_an_uploaded_photo_loses_its_gps_and_camera_details_and_keeps_a_private_name(client):
    world = book_world()
    client.force_login(world.worker)
    upload = SimpleUploadedFile("Maya at home.jpg", jpeg_bytes(exif=gps_exif()))
    response = client.post(
        reverse("lifestory:photo_add", args=[world.book.pk]),
        {"file": upload, "caption": "In the garden", "consent": "Foster carer agreed"},
    )
    assert response.status_code == 302
    item = MediaItem.objects.get(book=world.book)
    assert "Maya" not in item.file.name and str(world.book.pk) in item.file.name
    served = client.get(reverse("lifestory:photo_file", args=[world.book.pk, item.pk, "full"]))
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_a_file_that_is_not_a_photo_is_refused_on_the_form_and_nothing_is_kept(
    client, private_storage_dir
):
    world = book_world()
    client.force_login(world.worker)
    upload = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>")
    response = client.post(
        reverse("lifestory:photo_add", args=[world.book.pk]),
        {"file": upload, "caption": "A photo", "consent": "Agreed"},
    )
    assert response.status_code == 200
    assert "not a photo" in response.content.decode()
    assert not MediaItem.objects.exists()
    assert not any(p.is_file() for p in private_storage_dir.rglob("*"))


def test_a_photo_without_consent_is_refused_and_its_files_are_not_kept(private_storage_dir):
    world = book_world()
    with pytest.raises(Exception, match="Say who agreed"):
        media_add(
            by=world.worker,
            book=world.book,
            upload=SimpleUploadedFile("a.jpg", jpeg_bytes()),
            caption="A photo",
            consent="",
        )
    assert not MediaItem.objects.exists()
    assert not any(p.is_file() for p in private_storage_dir.rglob("*"))


def test_a_flagged_photo_is_cleared_only_by_the_team_manager(client):
    world = book_world()
    photo = a_photo(world, may_identify=True)
    url = reverse("lifestory:photo_clear", args=[world.book.pk, photo.pk])
    client.force_login(world.worker)
    client.post(url)
    photo.refresh_from_db()
    assert photo.needs_clearing
    client.force_login(world.team_manager)
    client.post(url)
    photo.refresh_from_db()
    assert not photo.needs_clearing and photo.cleared_by == world.team_manager


def test_chapter_text_is_shown_sanitised_with_its_reading_age(client):
    world = book_world()
    chapter = chapters_of(current_version(world.book))[0]
    client.force_login(world.worker)
    url = reverse("lifestory:chapter_edit", args=[world.book.pk, chapter.pk])
    response = client.post(
        url,
        {
            "title": "When I was born",
            "body": "## The hospital\n\nYou were **tiny**.<script>alert(1)</script>\n\n- a hat",
            "save_and_stay": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "<h2>The hospital</h2>" in page
    assert "<strong>tiny</strong>" in page
    assert "<li>a hat</li>" in page
    assert "<script>alert(1)" not in page
    assert "Reading age of the saved text: about" in page
    assert Chapter.objects.get(pk=chapter.pk).title == "When I was born"


def test_chapters_are_reordered_with_buttons_and_refused_once_in_review(client):
    world = book_world()
    second = chapters_of(current_version(world.book))[1]
    client.force_login(world.worker)
    client.post(reverse("lifestory:chapter_move", args=[world.book.pk, second.pk, "up"]))
    assert chapters_of(current_version(world.book))[0].title == "My birth family"
    to_review(world)
    response = client.post(
        reverse("lifestory:chapter_move", args=[world.book.pk, second.pk, "down"]), follow=True
    )
    assert response.status_code == 403
    assert chapters_of(current_version(world.book))[0].title == "My birth family"


def test_a_book_is_started_from_the_childs_reference_of_the_workers_own_service(client):
    world = book_world()
    child = ChildFactory(held_by=world.service)
    elsewhere = ChildFactory()
    client.force_login(world.worker)
    url = reverse("lifestory:book_create")
    refused = client.post(
        url,
        {
            "child_reference": elsewhere.reference,
            "plan_type": "adoption",
            "worker": world.worker.pk,
        },
    )
    assert "No child with this reference is held by your service." in refused.content.decode()
    assert not LifeStoryBook.objects.filter(child=elsewhere).exists()
    response = client.post(
        url,
        {
            "child_reference": child.reference.lower(),
            "plan_type": "special_guardianship",
            "worker": world.worker.pk,
            "celebration_hearing_date": "2026-13-01",
        },
    )
    assert response.status_code == 200 and not LifeStoryBook.objects.filter(child=child).exists()
    response = client.post(
        url,
        {
            "child_reference": child.reference.lower(),
            "plan_type": "special_guardianship",
            "worker": world.worker.pk,
        },
    )
    book = LifeStoryBook.objects.get(child=child)
    assert response["Location"] == detail(book)
    assert book.plan_type == "special_guardianship" and book.worker == world.worker


def test_a_school_contact_may_not_start_or_list_books(client):
    client.force_login(user_with_role(Role.SCHOOL_CONTACT))
    assert client.get(reverse("lifestory:book_list")).status_code == 403
    assert client.get(reverse("lifestory:book_create")).status_code == 403


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    world = book_world()
    for _ in range(rows - 1):
        LifeStoryBook.objects.create(
            child=ChildFactory(held_by=world.service),
            plan_type="adoption",
            worker=world.worker,
            created_by=world.worker,
        )
    client.force_login(world.team_manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("lifestory:book_list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(rows, 25)


def test_behind_nginx_the_checked_photo_is_handed_to_the_proxy(client, settings):
    settings.LIFESTORY_ACCEL_REDIRECT = "/private-files/"
    world = book_world()
    item = a_photo(world)
    client.force_login(world.worker)
    url = reverse("lifestory:photo_file", args=[world.book.pk, item.pk, "print"])
    response = client.get(url)
    assert response["X-Accel-Redirect"] == f"/private-files/{item.print_version.name}"
    assert response["Cache-Control"] == "private, no-store" and response.content == b""
    client.force_login(world.school_contact)
    assert client.get(url).status_code == 404


def test_removing_a_chapter_asks_first_then_removes_it(client):
    world = book_world()
    last = chapters_of(current_version(world.book))[-1]
    url = reverse("lifestory:chapter_remove", args=[world.book.pk, last.pk])
    client.force_login(world.worker)
    page = client.get(url)
    assert page.status_code == 200
    assert last.title in page.content.decode()
    assert Chapter.objects.filter(pk=last.pk).exists()  # asking removes nothing
    client.post(url)
    assert last.title not in [c.title for c in chapters_of(current_version(world.book))]
