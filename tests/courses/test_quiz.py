"""Quizzes are scored on the server; a forged payload does not pass."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import services
from courses.models import Enrolment, LessonPage, QuizAttempt
from courses.quiz import score_quiz
from tests.courses import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_course(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=1, quiz_last=True)
    lesson = LessonPage.objects.child_of(course).get()
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    quiz_id, questions = builders.quiz_ids(lesson)
    return course, lesson, user, quiz_id, questions


def _right(questions):
    return {q["id"]: q["right"] for q in questions}


def test_fail_then_pass_completes_the_lesson_and_course(quiz_course):
    _course, lesson, user, quiz_id, questions = quiz_course
    wrong = {questions[0]["id"]: [questions[0]["wrong"]], questions[1]["id"]: questions[1]["right"]}
    outcome = services.quiz_submit(user=user, lesson=lesson, quiz_id=quiz_id, answers=wrong)
    assert (outcome.result.score, outcome.result.passed, outcome.lesson_completed) == (
        50,
        False,
        False,
    )
    assert not Enrolment.objects.get(user=user).completed_at
    outcome = services.quiz_submit(
        user=user, lesson=lesson, quiz_id=quiz_id, answers=_right(questions)
    )
    assert (outcome.result.score, outcome.result.passed, outcome.lesson_completed) == (
        100,
        True,
        True,
    )
    assert Enrolment.objects.get(user=user).completed_at is not None


def test_a_lesson_with_a_quiz_cannot_just_be_marked_done(quiz_course):
    _course, lesson, user, _quiz_id, _questions = quiz_course
    with pytest.raises(services.CourseError) as caught:
        services.lesson_complete(user=user, lesson=lesson)
    assert caught.value.code == "quiz_required"


def test_forged_payload_does_not_pass(client, quiz_course):
    _course, lesson, user, quiz_id, questions = quiz_course
    client.force_login(user)
    every_choice = {
        f"q-{q['id']}": [*q["right"], q["wrong"]] for q in questions
    }  # ticking everything
    forged = {
        **every_choice,
        "score": "100",
        "passed": "true",
        f"q-{questions[0]['id']}": ["Организатор работы добровольцев", "1", "true"],
        "q-not-a-question": ["x"],
    }
    response = client.post(f"/learning/lessons/{lesson.pk}/quiz/{quiz_id}/", forged)
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get()
    assert (attempt.score, attempt.passed) == (0, False)
    assert not Enrolment.objects.get(user=user).completed_at
    body = client.get(lesson.url).content.decode()
    assert "Тест пока не пройден" in body


def test_quiz_for_another_lesson_or_unknown_is_refused(client, quiz_course, site_tree):
    _course, lesson, user, _quiz_id, _questions = quiz_course
    client.force_login(user)
    response = client.post(f"/learning/lessons/{lesson.pk}/quiz/made-up/", {}, follow=True)
    assert "Такого теста нет." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_not_enrolled_learner_cannot_submit(client, quiz_course):
    _course, lesson, _user, quiz_id, questions = quiz_course
    stranger = UserFactory()
    with pytest.raises(services.CourseError) as caught:
        services.quiz_submit(
            user=stranger, lesson=lesson, quiz_id=quiz_id, answers=_right(questions)
        )
    assert caught.value.code == "not_enrolled"


def test_attempt_limit(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=0)
    lesson = builders.lesson(course, quiz=builders.quiz_block(max_attempts=1))
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    quiz_id, questions = builders.quiz_ids(lesson)
    services.quiz_submit(user=user, lesson=lesson, quiz_id=quiz_id, answers={})
    with pytest.raises(services.CourseError) as caught:
        services.quiz_submit(user=user, lesson=lesson, quiz_id=quiz_id, answers=_right(questions))
    assert caught.value.code == "no_attempts"
    assert QuizAttempt.objects.count() == 1


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_score_is_a_fair_fraction_for_any_answers(quiz_course, data):
    _course, lesson, _user, quiz_id, questions = quiz_course
    quiz = LessonPage.objects.get(pk=lesson.pk).quizzes()[quiz_id]
    ids = [c for q in questions for c in [*q["right"], q["wrong"]]] + ["junk", ""]
    answers = data.draw(
        st.dictionaries(
            st.sampled_from([q["id"] for q in questions] + ["other"]),
            st.lists(st.sampled_from(ids), max_size=4),
        )
    )
    result = score_quiz(quiz, answers)
    right = sum(1 for q in questions if sorted(set(answers.get(q["id"], []))) == sorted(q["right"]))
    assert result.score == round(100 * right / len(questions))
    assert result.passed == (result.score >= 70)
