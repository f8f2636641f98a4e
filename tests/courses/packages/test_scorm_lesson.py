"""SCORM packages in lessons: the project's SCORM 1.2 and SCORM 2004 samples are imported,
launched in a lesson, run through the run-time API to completion, and count toward the
course."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from courses import services
from courses.blocks import LessonBlock
from courses.models import ContentPackage, LessonPage, LessonProgress, PackageAttempt
from courses.packages.services import package_import
from tests.courses import builders
from tests.factories import UserFactory

from .helpers import block_id, package_lesson, sample, stored_files

pytestmark = pytest.mark.django_db

FINISH = {
    "scorm12": {
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "100",
        "cmi.core.score.raw": "100",
        "cmi.core.lesson_status": "passed",
        "cmi.suspend_data": "answer=right",
        "cmi.core.session_time": "0000:01:00",
        "cmi.core.exit": "",
    },
    "scorm2004": {
        "cmi.score.min": "0",
        "cmi.score.max": "10",
        "cmi.score.raw": "10",
        "cmi.score.scaled": "1",
        "cmi.success_status": "passed",
        "cmi.completion_status": "completed",
        "cmi.suspend_data": "answer=right",
        "cmi.session_time": "PT1M",
        "cmi.exit": "normal",
    },
}
START = {
    "scorm12": {
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": "question",
        "cmi.suspend_data": "answer=wrong",
    },
    "scorm2004": {
        "cmi.completion_status": "incomplete",
        "cmi.location": "question",
        "cmi.suspend_data": "answer=wrong",
        "cmi.exit": "suspend",
    },
}
LAUNCH = {"scorm12": "index.html", "scorm2004": "content/index.html"}


def _setup(site_tree, kind: str, *, first_done: bool = True):
    """A course of an ordinary lesson and a last lesson with the sample package; a learner
    enrolled who finished the first lesson."""
    package = package_import(file=sample(kind))
    course = builders.course(site_tree.home["ru"], lessons=1)
    lesson = package_lesson(course, package)
    learner = UserFactory(full_name="Айгуль Серикова")
    enrolment = services.enrolment_create(user=learner, course=course)
    if first_done:
        first = LessonPage.objects.child_of(course).live().order_by("path").first()
        services.lesson_complete(user=learner, lesson=first)
    client = Client()
    client.force_login(learner)
    return package, course, lesson, learner, enrolment, client


def _commit(client, lesson, values, *, key="cmi"):
    url = reverse(
        "courses:package_runtime", kwargs={"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    )
    return client.post(url, json.dumps({key: values}), content_type="application/json")


def _state(client, lesson) -> dict:
    html = client.get(lesson.url).content.decode()
    found = re.search(
        r'<script id="package-state-[^"]+" type="application/json">(.*?)</script>', html
    )
    return json.loads(found.group(1))


def test_samples_are_imported_with_their_manifests():
    scorm12 = package_import(file=sample("scorm12"))
    assert (scorm12.kind, scorm12.launch, scorm12.mastery_score) == ("scorm12", "index.html", 80)
    assert scorm12.title == "Безопасность добровольца"
    scorm2004 = package_import(file=sample("scorm2004"), title="Своё название")
    assert (scorm2004.kind, scorm2004.launch) == ("scorm2004", "content/index.html")
    assert scorm2004.mastery_score is None and scorm2004.title == "Своё название"
    assert scorm2004.metadata["schemaversion"] == "2004 4th Edition"
    assert scorm12.file_count == 4 and scorm12.size > 0
    assert len(stored_files()) == scorm12.file_count + scorm2004.file_count


@pytest.mark.parametrize("kind", ["scorm12", "scorm2004"])
def test_learner_runs_a_package_to_completion_and_completes_the_course(
    site_tree, kind, received, django_capture_on_commit_callbacks
):
    _package, _course, lesson, learner, enrolment, client = _setup(site_tree, kind)

    # Launched in the lesson: an iframe on the package's files and the runtime script.
    page = client.get(lesson.url)
    html = page.content.decode()
    files_url = reverse(
        "courses:package_files", kwargs={"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    )
    assert f'data-launch-url="{files_url}{LAUNCH[kind]}"' in html
    assert '<iframe title="' in html and 'allow="fullscreen"' in html
    assert "courses/scorm-runtime.js" in html
    assert "Отметить как пройденный" not in html
    state = _state(client, lesson)
    assert state["enrolled"] is True and state["completed"] is False
    if kind == "scorm12":
        assert state["cmi"]["cmi.core.entry"] == "ab-initio"
        assert state["cmi"]["cmi.core.student_name"] == "Айгуль Серикова"
        assert state["cmi"]["cmi.core.lesson_status"] == "not attempted"
        assert state["cmi"]["cmi.student_data.mastery_score"] == "80"
    else:
        assert state["cmi"]["cmi.entry"] == "ab-initio"
        assert state["cmi"]["cmi.learner_id"] == str(learner.pk)
        assert state["cmi"]["cmi.completion_status"] == "unknown"

    # Its files are served to the learner with their content types.
    launch = client.get(files_url + LAUNCH[kind])
    assert launch.status_code == 200
    assert launch["Content-Type"] == "text/html; charset=utf-8"
    assert launch["X-Content-Type-Options"] == "nosniff"
    assert "private" in launch["Cache-Control"]
    assert "Завершить" in b"".join(launch.streaming_content).decode()
    script = client.get(files_url + LAUNCH[kind].replace("index.html", "sco.js"))
    assert script["Content-Type"] == "application/javascript"

    # The package starts and saves its place: nothing is complete yet.
    response = _commit(client, lesson, START[kind])
    assert response.status_code == 200
    assert response.json() == {
        "completed": False,
        "lesson_completed": False,
        "course_completed": False,
    }
    assert not LessonProgress.objects.filter(lesson=lesson).exists()

    # Coming back, the package resumes where it stopped.
    state = _state(client, lesson)
    assert state["cmi"]["cmi.suspend_data"] == "answer=wrong"
    entry = "cmi.core.entry" if kind == "scorm12" else "cmi.entry"
    location = "cmi.core.lesson_location" if kind == "scorm12" else "cmi.location"
    assert state["cmi"][entry] == "resume" and state["cmi"][location] == "question"

    # Finished: the lesson and, as it was the last one, the course are completed.
    with django_capture_on_commit_callbacks(execute=True):
        response = _commit(client, lesson, FINISH[kind])
    assert response.json() == {
        "completed": True,
        "lesson_completed": True,
        "course_completed": True,
    }
    attempt = PackageAttempt.objects.get(enrolment=enrolment, lesson=lesson)
    assert attempt.score == 100 and attempt.completed_at is not None
    assert attempt.suspend_data == "answer=right"
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert [call["enrolment_id"] for call in received] == [enrolment.pk]
    # The page says so, and the package's state knows it.
    assert _state(client, lesson)["completed"] is True
    html = client.get(lesson.url).content.decode()
    assert re.search(r'aria-live="polite" data-scorm-status>✓ ', html)
    assert "Отметить как пройденный" not in html


@pytest.mark.parametrize(
    "kind,values",
    [
        ("scorm12", {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "40"}),
        # With a mastery score of 80, "passed" with 50 points is a fail.
        ("scorm12", {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "50"}),
        ("scorm12", {"cmi.core.lesson_status": "incomplete"}),
        ("scorm2004", {"cmi.completion_status": "completed", "cmi.success_status": "failed"}),
        ("scorm2004", {"cmi.completion_status": "incomplete", "cmi.success_status": "passed"}),
    ],
)
def test_failed_or_unfinished_packages_do_not_complete(site_tree, kind, values):
    _package, _course, lesson, _learner, enrolment, client = _setup(site_tree, kind)
    response = _commit(client, lesson, values)
    assert response.status_code == 200
    assert response.json()["completed"] is False
    assert not LessonProgress.objects.filter(lesson=lesson).exists()
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_a_completed_package_stays_completed_while_its_data_keeps_updating(site_tree):
    _package, _course, lesson, _learner, enrolment, client = _setup(site_tree, "scorm12")
    _commit(client, lesson, FINISH["scorm12"])
    response = _commit(
        client,
        lesson,
        {
            "cmi.core.lesson_status": "incomplete",
            "cmi.core.score.raw": "60",
            "cmi.suspend_data": "again",
        },
    )
    assert response.json()["completed"] is True and response.json()["lesson_completed"] is True
    attempt = PackageAttempt.objects.get(enrolment=enrolment)
    assert attempt.completed_at is not None
    assert attempt.score == 60 and attempt.suspend_data == "again"
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()


def test_the_course_waits_for_its_other_lessons(site_tree):
    _package, _course, lesson, _learner, _enrolment, client = _setup(
        site_tree, "scorm2004", first_done=False
    )
    response = _commit(client, lesson, FINISH["scorm2004"])
    assert response.json() == {
        "completed": True,
        "lesson_completed": True,
        "course_completed": False,
    }


@pytest.mark.parametrize(
    "body,fragment",
    [
        ({"cmi": {"cmi.core.lesson_status": "done"}}, "cmi.core.lesson_status"),
        ({"cmi": {"cmi.core.score.raw": "150"}}, "вне допустимых пределов"),
        ({"cmi": {"cmi.core.student_id": "1"}}, "только для чтения"),
        ({"cmi": {"cmi.suspend_data": "x" * 4097}}, "4096"),
        ({"cmi": {"cmi.bogus": "1"}}, "cmi.bogus"),
        # One bad value refuses the whole commit.
        ({"cmi": {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "x"}}, "score.raw"),
        ({"cmi": "passed"}, ""),
    ],
)
def test_invalid_values_are_refused_and_change_nothing(site_tree, body, fragment):
    _package, _course, lesson, _learner, enrolment, client = _setup(site_tree, "scorm12")
    _commit(client, lesson, START["scorm12"])
    before = PackageAttempt.objects.get(enrolment=enrolment)
    url = reverse(
        "courses:package_runtime", kwargs={"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    )
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert fragment in response.json()["error"]
    after = PackageAttempt.objects.get(enrolment=enrolment)
    assert (after.cmi, after.completion, after.updated_at) == (
        before.cmi,
        before.completion,
        before.updated_at,
    )
    assert not LessonProgress.objects.filter(lesson=lesson).exists()


def test_malformed_json_is_refused(site_tree):
    _package, _course, lesson, _learner, _enrolment, client = _setup(site_tree, "scorm12")
    url = reverse(
        "courses:package_runtime", kwargs={"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    )
    response = client.post(url, "{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]
    assert not PackageAttempt.objects.exists()


def test_files_and_runtime_are_only_for_enrolled_learners(site_tree):
    _package, _course, lesson, _learner, _enrolment, client = _setup(site_tree, "scorm12")
    kwargs = {"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    file_url = reverse("courses:package_file", kwargs={**kwargs, "path": "index.html"})
    runtime_url = reverse("courses:package_runtime", kwargs=kwargs)
    body = json.dumps({"cmi": FINISH["scorm12"]})

    anonymous = Client()
    assert anonymous.get(file_url).status_code == 403
    response = anonymous.post(runtime_url, body, content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]

    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(file_url).status_code == 403
    response = stranger.post(runtime_url, body, content_type="application/json")
    assert response.status_code == 403 and "Запишитесь" in response.json()["error"]
    assert not PackageAttempt.objects.exists()

    # Paths are normalised: nothing outside the package, nothing missing.
    base = reverse("courses:package_files", kwargs=kwargs)
    assert client.get(base).status_code == 404
    assert client.get(base + "../../../settings.py").status_code == 404
    assert client.get(base + "content/../../x").status_code == 404
    assert client.get(base + "missing.html").status_code == 404
    # An unknown block.
    assert (
        client.get(
            reverse(
                "courses:package_file", kwargs={**kwargs, "block_id": "nope", "path": "index.html"}
            )
        ).status_code
        == 404
    )


def test_the_runtime_needs_the_csrf_token(site_tree):
    _package, _course, lesson, learner, _enrolment, _client = _setup(site_tree, "scorm12")
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    url = reverse(
        "courses:package_runtime", kwargs={"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    )
    body = json.dumps({"cmi": FINISH["scorm12"]})
    assert client.post(url, body, content_type="application/json").status_code == 403
    client.get(lesson.url)  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["completed"] is True


def test_manual_done_is_refused_for_a_package_lesson(site_tree):
    _package, _course, lesson, learner, enrolment, client = _setup(site_tree, "scorm12")
    with pytest.raises(services.CourseError) as refused:
        services.lesson_complete(user=learner, lesson=lesson)
    assert refused.value.code == "package_required"
    response = client.post(reverse("courses:lesson_done", args=[lesson.pk]), follow=True)
    with translation.override("ru"):
        message = gettext("Finish the learning package to complete this lesson.")
    assert [str(m) for m in response.context["messages"]] == [message]
    assert not LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()


def test_editors_preview_plays_the_package_and_records_nothing(site_tree):
    _package, _course, lesson, _learner, _enrolment, _client = _setup(site_tree, "scorm12")
    editor = UserFactory(groups=["Editors"])
    client = Client()
    client.force_login(editor)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[lesson.pk]))
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "data-scorm-block" in html and '"enrolled": false' in html
    kwargs = {"lesson_id": lesson.pk, "block_id": block_id(lesson)}
    assert (
        client.get(
            reverse("courses:package_file", kwargs={**kwargs, "path": "index.html"})
        ).status_code
        == 200
    )
    response = client.post(
        reverse("courses:package_runtime", kwargs=kwargs),
        json.dumps({"cmi": FINISH["scorm12"]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not PackageAttempt.objects.exists()


def test_a_lesson_holds_one_scorm_package_of_the_right_kind():
    scorm = package_import(file=sample("scorm12"))
    other = package_import(file=sample("scorm2004"))
    block = LessonBlock()
    two = block.to_python(
        [
            {"type": "scorm", "value": {"package": scorm.pk, "title": ""}},
            {"type": "scorm", "value": {"package": other.pk, "title": ""}},
        ]
    )
    with pytest.raises(ValidationError):
        block.clean(two)
    one = block.to_python([{"type": "scorm", "value": {"package": scorm.pk, "title": ""}}])
    block.clean(one)
    wrong_kind = block.to_python([{"type": "h5p", "value": {"package": scorm.pk, "title": ""}}])
    with pytest.raises(ValidationError):
        block.clean(wrong_kind)
    assert ContentPackage.objects.count() == 2
