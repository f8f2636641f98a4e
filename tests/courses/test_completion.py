"""Completion: recorded once, announced once, extensible with other requirements."""

import pytest

from courses import completion, services
from courses.models import Enrolment, LessonPage, LessonProgress
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.courses import builders
from tests.factories import UserFactory


def _lessons(course):
    return list(LessonPage.objects.live().descendant_of(course).order_by("path"))


@pytest.mark.django_db
def test_completion_is_recorded_and_announced_once(
    site_tree, received, django_capture_on_commit_callbacks
):
    course = builders.course(site_tree.home["ru"], lessons=2, sections=True)
    user = UserFactory()
    enrolment = services.enrolment_create(user=user, course=course)
    first, second = _lessons(course)
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_complete(user=user, lesson=first)
    assert received == []
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_complete(user=user, lesson=second)
        services.lesson_complete(user=user, lesson=second)  # a double click
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert len(received) == 1
    assert received[0]["enrolment_id"] == enrolment.pk
    assert received[0]["user_id"] == user.pk and received[0]["course_id"] == course.pk
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 2


@pytest.mark.django_db
def test_optional_lessons_do_not_block_completion(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=0, require_all_lessons=False)
    required = builders.lesson(course, required=True)
    builders.lesson(course, required=False)
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    services.lesson_complete(user=user, lesson=required)
    assert Enrolment.objects.get(user=user).completed_at is not None


@pytest.mark.django_db
def test_webinar_requirement_uses_the_registered_counter(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=1, required_webinars=2)
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    services.lesson_complete(user=user, lesson=_lessons(course)[0])
    enrolment = Enrolment.objects.get(user=user)
    # Nobody counts webinars yet: the requirement is not met.
    assert enrolment.completed_at is None

    attended = {"count": 1}
    registered = list(completion._webinar_counter)  # the trainer network's real counter
    completion.register_webinar_counter(lambda user_id, course_id: attended["count"])
    try:
        assert not services.enrolment_evaluate_completion(enrolment=enrolment)
        attended["count"] = 2
        assert services.enrolment_evaluate_completion(enrolment=enrolment)
    finally:
        completion._webinar_counter[:] = registered
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def _race(user, lessons) -> None:
    assert (
        run_together(
            lambda lesson: services.lesson_complete(user=user, lesson=lesson),
            [(lesson,) for lesson in lessons],
        )
        == []
    )


needs_postgres = pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", ["same last lesson twice", "two last lessons at once"])
def test_concurrent_completion_is_recorded_exactly_once(committed_site_tree, received, case):
    course = builders.course(committed_site_tree.home["ru"], lessons=3)
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    first, second, third = _lessons(course)
    services.lesson_complete(user=user, lesson=first)
    if case == "same last lesson twice":
        services.lesson_complete(user=user, lesson=second)
        _race(user, [third, third])
    else:
        _race(user, [second, third])
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.completed_at is not None
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 3
    assert len(received) == 1
