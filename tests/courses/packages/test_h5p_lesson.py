"""An H5P package in a lesson: imported once, played from its files, and the learner's result
completes the lesson and the course. Broken packages are refused and leave nothing behind."""

import io
import json
import re
import zipfile

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import ContentPackage, Enrolment, LessonPage, LessonProgress, PackageAttempt
from courses.packages.archive import PackageError
from courses.packages.samples import build_zip
from courses.packages.services import package_import
from tests.courses import builders
from tests.courses.packages.helpers import stored_files, upload, zip_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIBRARY = "H5P.VektorCheck-1.0"


def h5p_upload(*, leave_out: str = "", extra: dict[str, bytes] | None = None):
    """The sample package, without the file ``leave_out`` and with ``extra`` files."""
    with zipfile.ZipFile(io.BytesIO(build_zip("h5p"))) as archive:
        files = {name: archive.read(name) for name in archive.namelist() if name != leave_out}
    return upload(zip_of({**files, **(extra or {})}), "check.h5p")


def h5p_lesson(parent, package: ContentPackage, *, title: str = "") -> LessonPage:
    lesson = LessonPage(
        title="Урок с интерактивным заданием",
        slug="h5p-lesson",
        body=[
            {"type": "paragraph", "value": "<p>Ответьте на вопрос.</p>"},
            {"type": "h5p", "value": {"package": package.pk, "title": title}},
        ],
    )
    parent.add_child(instance=lesson)
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def setup(site_tree):
    package = package_import(file=h5p_upload())
    course = builders.course(site_tree.home["ru"], lessons=0, title="Курс с H5P")
    lesson = h5p_lesson(course, package, title="Проверьте себя")
    learner = UserFactory()
    services.enrolment_create(user=learner, course=course)
    (block_id,) = lesson.packages()
    return package, course, lesson, learner, block_id


def block_attributes(html: str) -> dict[str, str]:
    section = re.search(r"<section[^>]*data-h5p-block[^>]*>", html, re.S).group(0)
    return dict(re.findall(r'data-([\w-]+)="([^"]*)"', section))


def test_the_sample_is_imported_as_h5p():
    package = package_import(file=h5p_upload())

    assert package.kind == "h5p"
    assert package.title == "Проверка: кто такой координатор добровольцев"
    assert package.launch == ""
    assert package.metadata["mainLibrary"] == "H5P.VektorCheck"
    assert package.file_count == len(stored_files()) == 5


@pytest.mark.parametrize(
    ("leave_out", "extra", "code"),
    [
        ("h5p.json", None, "no_manifest"),
        ("content/content.json", None, "no_content"),
        (f"{LIBRARY}/library.json", None, "missing_library"),
        ("", {"content/page.html": b"<script>alert(1)</script>"}, "forbidden_file_type"),
        ("", {"content/run.php": b"<?php ?>"}, "forbidden_file_type"),
    ],
    ids=["no-h5p-json", "no-content", "no-library", "html", "php"],
)
def test_a_bad_package_changes_nothing(leave_out, extra, code):
    with pytest.raises(PackageError) as caught:
        package_import(file=h5p_upload(leave_out=leave_out, extra=extra))

    assert caught.value.code == code
    assert ContentPackage.objects.count() == 0
    assert stored_files() == []


def test_the_lesson_renders_the_player_for_an_enrolled_learner(client, setup):
    _package, _course, lesson, learner, block_id = setup
    client.force_login(learner)

    html = client.get(lesson.url).content.decode()

    data = block_attributes(html)
    assert data["block-id"] == block_id
    assert data["enrolled"] == "true"
    assert data["completed"] == "false"
    assert data["csrf"]
    assert data["runtime-url"].endswith(f"/lessons/{lesson.pk}/packages/{block_id}/runtime/")
    assert data["frame-js"].endswith("vendor/h5p-standalone/frame.bundle.js")
    assert "Проверьте себя" in html
    assert "vendor/h5p-standalone/main.bundle.js" in html
    assert "courses/h5p-bridge.js" in html
    assert "<noscript>" in html
    # What the player fetches is served to the learner.
    files = data["files-url"]
    assert json.loads(b"".join(client.get(files + "h5p.json").streaming_content))["title"]
    assert client.get(files + "content/content.json").status_code == 200
    assert client.get(files + "H5P.VektorCheck-1.0/library.json").status_code == 200
    script = client.get(files + "H5P.VektorCheck-1.0/vektor-check.js")
    assert script.status_code == 200
    assert script["Content-Type"].startswith(("application/javascript", "text/javascript"))


def post_result(client, url, body, token):
    return client.post(
        url, data=json.dumps(body), content_type="application/json", headers={"X-CSRFToken": token}
    )


def test_a_wrong_then_right_answer_completes_the_lesson_and_the_course(setup):
    _package, _course, lesson, learner, block_id = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    data = block_attributes(client.get(lesson.url).content.decode())
    url, token = data["runtime-url"], data["csrf"]

    wrong = {"h5p": {"completed": True, "score_raw": 0, "score_max": 1, "success": False}}
    response = post_result(client, url, wrong, token)
    assert response.status_code == 200
    assert response.json() == {
        "completed": False,
        "lesson_completed": False,
        "course_completed": False,
    }
    assert not LessonProgress.objects.filter(lesson=lesson).exists()

    right = {"h5p": {"completed": True, "score_raw": 1, "score_max": 1, "success": True}}
    response = post_result(client, url, right, token)
    assert response.json() == {
        "completed": True,
        "lesson_completed": True,
        "course_completed": True,
    }
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()
    attempt = PackageAttempt.objects.get(enrolment=enrolment, block_id=block_id)
    assert (attempt.score_raw, attempt.score_max, attempt.score) == (1, 1, 100)

    # The page now says so.
    html = client.get(lesson.url).content.decode()
    assert block_attributes(html)["completed"] == "true"


def test_a_result_without_a_score_or_success_completes(client, setup):
    _package, _course, lesson, learner, _block_id = setup
    client.force_login(learner)
    url = block_attributes(client.get(lesson.url).content.decode())["runtime-url"]

    body = {"h5p": {"completed": True, "score_raw": None, "score_max": None, "success": None}}
    response = client.post(url, data=body, content_type="application/json")

    assert response.json()["lesson_completed"] is True


@pytest.mark.parametrize(
    "body",
    [
        {"h5p": {"completed": "yes"}},
        {"h5p": {"completed": True, "score_raw": 5, "score_max": 1, "success": True}},
        {"h5p": {"completed": True, "score_raw": -1, "score_max": 1, "success": None}},
        {"h5p": {"completed": True, "score_raw": 1, "score_max": 1, "success": "passed"}},
        {"h5p": [1, 2]},
        {"cmi": {"cmi.core.lesson_status": "passed"}},
        [],
    ],
    ids=["completed-text", "over-max", "negative", "success-text", "list", "scorm-body", "array"],
)
def test_bad_bodies_are_refused(client, setup, body):
    _package, _course, lesson, learner, _block_id = setup
    client.force_login(learner)
    url = block_attributes(client.get(lesson.url).content.decode())["runtime-url"]

    response = client.post(url, data=json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]
    assert not PackageAttempt.objects.exists()
    assert not LessonProgress.objects.filter(lesson=lesson).exists()


def test_not_json_is_refused(client, setup):
    _package, _course, lesson, learner, _block_id = setup
    client.force_login(learner)
    url = block_attributes(client.get(lesson.url).content.decode())["runtime-url"]

    response = client.post(url, data=b"{not json", content_type="application/json")

    assert response.status_code == 400


def test_a_learner_not_enrolled_is_refused(client, setup):
    _package, _course, lesson, _learner, block_id = setup
    outsider = UserFactory()
    client.force_login(outsider)
    runtime = reverse(
        "courses:package_runtime", kwargs={"lesson_id": lesson.pk, "block_id": block_id}
    )
    body = {"h5p": {"completed": True, "score_raw": 1, "score_max": 1, "success": True}}

    response = client.post(runtime, data=json.dumps(body), content_type="application/json")

    assert response.status_code in (403, 404)
    assert not PackageAttempt.objects.exists()


def test_an_editor_preview_plays_without_recording(rf, setup):
    _package, _course, lesson, _learner, _block_id = setup
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)

    response = lesson.make_preview_request(original_request=request)

    data = block_attributes(response.render().content.decode())
    assert data["enrolled"] == "false"
    assert data["msg-preview"]


def test_a_block_whose_package_is_gone_says_so_without_a_player():
    html = render_to_string(
        "courses/blocks/h5p.html",
        {"block_id": "b1", "package": None, "title": "", "files_url": "/f/", "state": {}},
    )

    assert "data-h5p-block" not in html
    assert "h5p-bridge.js" not in html
    assert "<h2" in html
