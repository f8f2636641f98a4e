"""The content packages' admin screen: editors upload archives; a refused archive shows its
reason on the form and creates nothing."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from courses.models import ContentPackage
from courses.packages.samples import build_zip
from courses.packages.services import package_import
from tests.factories import UserFactory
from tests.queries import queries_for

from .helpers import sample, scorm12_files, stored_files, upload, zip_of

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/courses/contentpackage/"
ADD = "/admin/snippets/courses/contentpackage/add/"


def test_editor_uploads_a_package(client, editor):
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, {"title": "", "archive": sample("scorm12")})
    assert response.status_code == 302
    package = ContentPackage.objects.get()
    assert package.title == "Безопасность добровольца" and package.kind == "scorm12"
    assert package.uploaded_by == editor
    assert len(stored_files()) == package.file_count
    listing = client.get(LIST).content.decode()
    assert "Безопасность добровольца" in listing and "SCORM 1.2" in listing


@pytest.mark.parametrize(
    "data,fragment",
    [
        (zip_of(scorm12_files(**{"../evil.html": "x"})), ".."),
        (zip_of({"index.html": "x"}), "imsmanifest.xml"),
        (b"not a zip", "zip"),
    ],
)
def test_a_refused_archive_shows_the_reason_on_the_field(client, editor, data, fragment):
    response = client.post(ADD, {"title": "Плохой", "archive": upload(data)})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["archive"]
    assert fragment in errors["archive"][0]
    assert escape(errors["archive"][0]) in response.content.decode()
    assert not ContentPackage.objects.exists() and stored_files() == []


def test_the_archive_is_required_to_create(client, editor):
    response = client.post(ADD, {"title": "Без файла"})
    assert response.status_code == 200
    assert "archive" in response.context["form"].errors
    assert not ContentPackage.objects.exists()


def test_editing_renames_and_replaces_only_with_a_good_archive(
    client, editor, django_capture_on_commit_callbacks
):
    package = package_import(file=sample("scorm12"))
    old_key, edit = (
        package.key,
        reverse("wagtailsnippets_courses_contentpackage:edit", args=[package.pk]),
    )
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"title": "Новое название"}).status_code == 302
    package.refresh_from_db()
    assert package.title == "Новое название" and package.key == old_key

    # A bad new archive leaves the package and its files as they were.
    files_before = sorted(stored_files())
    response = client.post(edit, {"title": "x", "archive": upload(b"junk")})
    assert response.status_code == 200 and "archive" in response.context["form"].errors
    response = client.post(edit, {"title": "x", "archive": sample("scorm2004")})
    assert response.status_code == 200 and "archive" in response.context["form"].errors
    package.refresh_from_db()
    assert package.title == "Новое название" and package.key == old_key
    assert sorted(stored_files()) == files_before

    # A good one replaces the files.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit, {"title": "Новое название", "archive": upload(build_zip("scorm12"))}
        )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.key != old_key
    assert stored_files() and all(str(package.key) in str(p) for p in stored_files())


def test_learners_cannot_reach_the_screen(client):
    client.force_login(UserFactory())
    assert client.get(ADD).status_code in (302, 403)
    assert client.post(ADD, {"archive": sample("scorm12")}).status_code in (302, 403)
    assert not ContentPackage.objects.exists()


def test_list_queries_do_not_grow_with_packages(client, editor):
    package_import(file=sample("scorm12"))
    few = queries_for(client, LIST)
    for _ in range(5):
        package_import(file=sample("scorm2004"), title="Ещё один")
    assert queries_for(client, LIST) == few


def test_deleting_a_package_removes_its_files_and_keeps_learners_records(
    client, editor, site_tree, django_capture_on_commit_callbacks
):
    from courses import services as course_services
    from courses.models import LessonProgress, PackageAttempt
    from courses.packages.services import package_attempt_commit
    from tests.courses import builders

    from .helpers import block_id, package_lesson

    package = package_import(file=sample("scorm12"))
    course = builders.course(site_tree.home["ru"], lessons=0)
    lesson = package_lesson(course, package)
    learner = UserFactory()
    course_services.enrolment_create(user=learner, course=course)
    package_attempt_commit(
        user=learner,
        lesson=lesson,
        block_id=block_id(lesson),
        data={"cmi": {"cmi.core.lesson_status": "completed"}},
    )
    delete = reverse("wagtailsnippets_courses_contentpackage:delete", args=[package.pk])
    assert client.get(delete).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code == 302
    assert not ContentPackage.objects.exists() and stored_files() == []
    assert PackageAttempt.objects.get().completed_at is not None
    assert LessonProgress.objects.filter(lesson=lesson).exists()
    # The lesson still opens and says the package is gone.
    learner_client = type(client)()
    learner_client.force_login(learner)
    response = learner_client.get(lesson.url)
    assert response.status_code == 200
    assert "iframe" not in response.content.decode()
    with translation.override("ru"):
        gone = gettext("This learning package is no longer available.")
    assert gone in response.content.decode()


def test_editor_builds_a_lesson_with_a_package(client, editor, site_tree):
    from tests.courses import builders

    from .helpers import package_lesson

    package = package_import(file=sample("scorm2004"))
    course = builders.course(site_tree.home["ru"], lessons=0)
    lesson = package_lesson(course, package)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).status_code == 200
    chooser = client.get(reverse("wagtailsnippetchoosers_courses_contentpackage:choose"))
    assert chooser.status_code == 200 and package.title in chooser.json()["html"]
