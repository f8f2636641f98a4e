"""Enrolment rules: self-paced or cohort, dates, capacity, prerequisites, once per course."""

import datetime

import pytest

from courses import services
from courses.models import Cohort, Enrolment
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.courses import builders
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def home(site_tree):
    return site_tree.home["ru"]


def _cohort(course, **fields) -> Cohort:
    defaults = {
        "title": "Поток осень-2026",
        "region": RegionFactory(),
        "starts_on": TODAY,
        "ends_on": TODAY + datetime.timedelta(days=30),
    }
    return Cohort.objects.create(course=course, **{**defaults, **fields})


def _refused(code: str, **kwargs) -> str:
    with pytest.raises(services.CourseError) as caught:
        services.enrolment_create(today=TODAY, **kwargs)
    assert caught.value.code == code
    return caught.value.message


def test_self_paced_enrolment_once(home):
    course, user = builders.course(home), UserFactory()
    enrolment = services.enrolment_create(user=user, course=course, today=TODAY)
    assert (enrolment.cohort, enrolment.source) == (None, "self")
    message = _refused("already", user=user, course=course)
    assert message == "Вы уже записаны на этот курс."
    assert Enrolment.objects.count() == 1


def test_cohort_only_course_needs_a_cohort(home):
    course = builders.course(home, self_paced=False)
    _refused("cohort_needed", user=UserFactory(), course=course)
    cohort = _cohort(course)
    enrolment = services.enrolment_create(
        user=UserFactory(), course=course, cohort=cohort, today=TODAY
    )
    assert enrolment.cohort == cohort


def test_closed_cohort_is_refused_with_its_date(home):
    course = builders.course(home)
    cohort = _cohort(course, enrolment_closes_on=TODAY - datetime.timedelta(days=1))
    message = _refused("closed", user=UserFactory(), course=course, cohort=cohort)
    assert "23 ноября 2026" in message
    ended = _cohort(
        course,
        starts_on=TODAY - datetime.timedelta(days=60),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    _refused("closed", user=UserFactory(), course=course, cohort=ended)
    assert not Enrolment.objects.exists()


def test_full_cohort_is_refused(home):
    course = builders.course(home)
    cohort = _cohort(course, capacity=2)
    for _ in range(2):
        services.enrolment_create(user=UserFactory(), course=course, cohort=cohort, today=TODAY)
    message = _refused("full", user=UserFactory(), course=course, cohort=cohort)
    assert message == "В этом потоке не осталось мест."
    assert cohort.enrolments.count() == 2


def test_cohort_of_another_course_is_refused(home):
    course, other = builders.course(home), builders.course(home)
    _refused("wrong_cohort", user=UserFactory(), course=course, cohort=_cohort(other))


def test_prerequisites_must_be_completed_first(home):
    basics = builders.course(home, title="Основы добровольчества", lessons=1)
    advanced = builders.course(home)
    advanced.prerequisites.add(basics)
    advanced.save_revision().publish()
    user = UserFactory()
    message = _refused("prerequisites", user=user, course=advanced)
    assert "«Основы добровольчества»" in message

    services.enrolment_create(user=user, course=basics, today=TODAY)
    services.lesson_complete(user=user, lesson=builders.LessonPage.objects.child_of(basics).get())
    assert services.enrolment_create(user=user, course=advanced, today=TODAY)


def test_unpublished_course_is_refused(home):
    course = builders.course(home)
    course.unpublish()
    _refused("not_live", user=UserFactory(), course=course)


def test_enrol_page_refuses_anonymous_and_explains_refusals(client, home):
    course = builders.course(home, self_paced=False)
    response = client.post(f"/learning/enrol/{course.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    response = client.post(f"/learning/enrol/{course.pk}/", follow=True)
    assert "Чтобы записаться на этот курс, выберите поток." in response.content.decode()
    assert not Enrolment.objects.exists()
    assert client.get(f"/learning/enrol/{course.pk}/").status_code == 405


def test_enrol_page_enrols_and_opens_the_first_lesson(client, home):
    course = builders.course(home, lessons=2)
    client.force_login(UserFactory())
    response = client.post(f"/learning/enrol/{course.pk}/")
    first = builders.LessonPage.objects.child_of(course).order_by("path").first()
    assert response["Location"] == first.url
    assert Enrolment.objects.filter(course=course).count() == 1


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrent_enrolments(committed_site_tree):
    course = builders.course(committed_site_tree.home["ru"])
    cohort = _cohort(course, capacity=3)
    outcomes: list[str] = []

    def enrol(user):
        try:
            services.enrolment_create(user=user, course=course, cohort=cohort, today=TODAY)
            outcomes.append("ok")
        except services.CourseError as error:
            outcomes.append(error.code)

    assert run_together(enrol, [(UserFactory(),) for _ in range(6)]) == []
    assert sorted(outcomes) == ["full", "full", "full", "ok", "ok", "ok"]
    assert cohort.enrolments.count() == 3
