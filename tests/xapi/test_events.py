"""Each learning event becomes one xAPI statement that reaches the LRS."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses import services
from courses.models import LessonPage
from courses.trainers import services as trainer_services
from lms.xapi import api
from lms.xapi.models import Statement
from tests.courses import builders
from tests.courses.trainers import builders as trainer_builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADL = "http://adlnet.gov/expapi/verbs/"


def _statements(verb: str) -> list[dict]:
    return [row.statement for row in Statement.objects.filter(verb=verb).order_by("created_at")]


def _delivered(lrs, statement: dict) -> None:
    assert lrs.statements[statement["id"]] == statement
    assert Statement.objects.get(pk=statement["id"]).status == Statement.Status.SENT


def test_enrolment_is_registered(lrs, site_tree, django_capture_on_commit_callbacks):
    course = builders.course(site_tree.home["ru"], lessons=1, title="Основы волонтёрства")
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(user=user, course=course)
    [statement] = _statements("registered")
    assert statement["verb"]["id"] == ADL + "registered"
    assert statement["actor"]["account"]["name"] == str(user.pk)
    assert statement["object"]["id"] == api.activity_id("course", course.pk)
    assert statement["object"]["definition"]["name"] == {"ru": "Основы волонтёрства"}
    _delivered(lrs, statement)


def test_lesson_completion(lrs, site_tree, django_capture_on_commit_callbacks):
    course = builders.course(site_tree.home["ru"], lessons=2)
    first = LessonPage.objects.descendant_of(course).first()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(user=user, course=course)
        services.lesson_complete(user=user, lesson=first)
    [statement] = _statements("completed")
    assert statement["object"]["id"] == api.activity_id("lesson", first.pk)
    assert statement["result"] == {"completion": True}
    parent = statement["context"]["contextActivities"]["parent"][0]
    assert parent["id"] == api.activity_id("course", course.pk)
    _delivered(lrs, statement)


def test_quiz_answers_carry_the_score_and_a_pass_is_recorded(
    lrs, site_tree, django_capture_on_commit_callbacks
):
    course = builders.course(site_tree.home["ru"], lessons=2, quiz_last=True)
    lesson = LessonPage.objects.descendant_of(course).last()
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    quiz_id, questions = builders.quiz_ids(lesson)
    wrong = {questions[0]["id"]: [questions[0]["wrong"]], questions[1]["id"]: questions[1]["right"]}
    right = {q["id"]: q["right"] for q in questions}
    with django_capture_on_commit_callbacks(execute=True):
        services.quiz_submit(user=user, lesson=lesson, quiz_id=quiz_id, answers=wrong)
        services.quiz_submit(user=user, lesson=lesson, quiz_id=quiz_id, answers=right)
    failed, succeeded = _statements("answered")
    object_id = api.activity_id("quiz", f"{lesson.pk}/{quiz_id}")
    assert failed["object"]["id"] == succeeded["object"]["id"] == object_id
    assert failed["result"] == {
        "score": {"scaled": 0.5, "raw": 50, "min": 0, "max": 100},
        "success": False,
    }
    assert succeeded["result"]["score"]["raw"] == 100 and succeeded["result"]["success"]
    [passed] = _statements("passed")
    assert passed["verb"]["id"] == ADL + "passed"
    assert passed["object"]["id"] == object_id
    assert passed["result"]["success"] is True and passed["result"]["completion"] is True
    for statement in (failed, succeeded, passed):
        _delivered(lrs, statement)


def test_course_completion_and_the_certificate(lrs, site_tree, django_capture_on_commit_callbacks):
    course = builders.course(site_tree.home["ru"], lessons=1)
    lesson = LessonPage.objects.descendant_of(course).get()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(user=user, course=course)
        services.lesson_complete(user=user, lesson=lesson)
    completions = {s["object"]["id"]: s for s in _statements("completed")}
    course_done = completions[api.activity_id("course", course.pk)]
    assert course_done["verb"]["id"] == ADL + "completed"
    assert course_done["result"] == {"completion": True, "success": True}
    certificate = Certificate.objects.get(user=user)
    [earned] = _statements("earned")
    assert earned["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert earned["object"]["id"] == api.activity_id("certificate", certificate.pk)
    assert earned["context"]["contextActivities"]["parent"][0]["id"] == api.activity_id(
        "course", course.pk
    )
    for statement in (course_done, earned):
        _delivered(lrs, statement)


def test_webinar_attendance(lrs, site_tree, django_capture_on_commit_callbacks):
    trainer = trainer_builders.trainer()
    course = trainer_builders.course_with_webinars(site_tree.home["ru"], needed=1, lessons=0)
    cohort = trainer_builders.cohort(course, trainer_user=trainer)
    learner = trainer_builders.learner_in(cohort)
    webinar = trainer_builders.webinar(
        trainer_user=trainer,
        course=course,
        cohort=cohort,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        trainer_services.attendance_mark(webinar=webinar, actor=trainer, marks={learner.pk: 50})
    [statement] = _statements("attended")
    assert statement["verb"]["id"] == ADL + "attended"
    assert statement["actor"]["account"]["name"] == str(learner.pk)
    assert statement["object"]["id"] == api.activity_id("webinar", webinar.uid)
    assert statement["result"]["duration"].startswith("PT")
    _delivered(lrs, statement)


def test_no_statement_names_or_emails_the_learner(
    lrs, site_tree, django_capture_on_commit_callbacks
):
    user = UserFactory(full_name="Анна Смирнова", email="anna@example.org")
    course = builders.course(site_tree.home["ru"], lessons=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(user=user, course=course)
        services.lesson_complete(user=user, lesson=LessonPage.objects.descendant_of(course).get())
    assert lrs.statements
    sent = str(list(lrs.statements.values()))
    assert "anna@example.org" not in sent and "Смирнова" not in sent
