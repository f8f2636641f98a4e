"""What learners see: catalog, course page, lessons and their dashboard."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.models import Audience, Cohort, CoursePage, Enrolment, LessonPage
from lms.accounts.models import User
from tests.courses import builders
from tests.factories import RegionFactory, UserFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_tree):
    return site_tree.home["ru"]


def _titles(response) -> set[str]:
    return {course.title for course in response.context["courses_page"]}


def test_catalog_lists_courses_of_every_language_and_filters(client, home):
    volunteers = Audience.objects.get(code="volunteers")
    trainers = Audience.objects.get(code="trainers")
    astana, karelia = RegionFactory(code="KZ-71"), RegionFactory(code="RU-KR", country="RU")
    basics = builders.course(home, title="Основы добровольчества", language="ru")
    basics.audiences.add(volunteers)
    basics.regions.add(karelia)
    basics.save_revision().publish()
    silver = builders.course(
        home, title="Күміс волонтерлік", language="kk", self_paced=False, summary="аға буын"
    )
    silver.audiences.add(volunteers)
    silver.save_revision().publish()
    Cohort.objects.create(
        course=silver,
        title="Астана",
        region=astana,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    tot = builders.course(home, title="Training for trainers", language="en")
    tot.audiences.add(trainers)
    tot.save_revision().publish()

    url = "/courses/"
    assert _titles(client.get(url)) == {
        "Основы добровольчества",
        "Күміс волонтерлік",
        "Training for trainers",
    }
    assert _titles(client.get(url, {"language": "kk"})) == {"Күміс волонтерлік"}
    assert _titles(client.get(url, {"audience": "volunteers"})) == {
        "Основы добровольчества",
        "Күміс волонтерлік",
    }
    # Courses offered everywhere, and those offered in the region, match a region.
    assert _titles(client.get(url, {"region": karelia.pk})) == {
        "Основы добровольчества",
        "Күміс волонтерлік",
        "Training for trainers",
    }
    assert "Основы добровольчества" not in _titles(client.get(url, {"region": astana.pk}))
    assert _titles(client.get(url, {"format": "cohort"})) == {"Күміс волонтерлік"}
    assert "Күміс волонтерлік" not in _titles(client.get(url, {"format": "self_paced"}))
    assert _titles(client.get(url, {"q": "trainers"})) == {"Training for trainers"}
    bad = client.get(url, {"language": "xx", "audience": "aliens", "region": "abc"})
    assert bad.status_code == 200 and len(_titles(bad)) == 3
    empty = client.get(url, {"q": "нет-такого-курса"}).content.decode()
    assert "Нет курсов по этим условиям." in empty


def test_course_page_shows_progress_and_the_next_lesson(client, home):
    course = builders.course(home, lessons=4)
    user = UserFactory()
    client.force_login(user)
    body = client.get(course.url).content.decode()
    assert "Записаться" in body
    services.enrolment_create(user=user, course=course)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    services.lesson_complete(user=user, lesson=lessons[0])
    response = client.get(course.url)
    assert response.context["outline"].percent == 25
    body = response.content.decode()
    assert 'aria-valuenow="25"' in body
    assert f'href="{lessons[1].url}"' in body
    assert "Продолжить" in body


def test_lessons_are_for_enrolled_learners(client, home):
    course = builders.course(home, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    response = client.get(lesson.url)
    assert response.status_code == 302 and response["Location"] == course.url
    client.force_login(UserFactory())
    response = client.get(lesson.url, follow=True)
    assert "Запишитесь на курс, чтобы проходить его уроки." in response.content.decode()


def test_marking_lessons_done_walks_through_the_course(client, home):
    course = builders.course(home, lessons=2)
    user = UserFactory()
    client.force_login(user)
    services.enrolment_create(user=user, course=course)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    page = client.get(first.url).content.decode()
    assert "Отметить как пройденный" in page
    response = client.post(f"/learning/lessons/{first.pk}/done/")
    assert response["Location"] == second.url
    response = client.post(f"/learning/lessons/{second.pk}/done/", follow=True)
    assert "Поздравляем! Вы завершили курс." in response.content.decode()
    assert Enrolment.objects.get(user=user).completed_at is not None


def test_someone_else_cannot_mark_my_lessons(client, home):
    course = builders.course(home, lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    client.force_login(UserFactory())
    response = client.post(f"/learning/lessons/{lesson.pk}/done/", follow=True)
    assert "Запишитесь на курс" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_dashboard_lists_courses_deadlines_and_finished(client, home):
    region = RegionFactory()
    doing = builders.course(home, title="Курс в процессе", lessons=2)
    done = builders.course(home, title="Пройденный курс", lessons=1)
    user = UserFactory()
    cohort = Cohort.objects.create(
        course=doing,
        title="Весенний поток",
        region=region,
        starts_on=timezone.localdate(),
        ends_on=datetime.date(2099, 3, 8),
    )
    services.enrolment_create(user=user, course=doing, cohort=cohort)
    services.enrolment_create(user=user, course=done)
    services.lesson_complete(user=user, lesson=LessonPage.objects.child_of(done).get())
    services.lesson_complete(
        user=user, lesson=LessonPage.objects.child_of(doing).order_by("path").first()
    )
    client.force_login(user)
    response = client.get("/learning/")
    assert [e.course.title for e in response.context["current"]] == ["Курс в процессе"]
    assert response.context["current"][0].percent == 50
    assert [e.course.title for e in response.context["finished"]] == ["Пройденный курс"]
    body = response.content.decode()
    assert "8 марта 2099" in body and "Весенний поток" in body
    assert client.get("/en/learning/").status_code == 200


def test_dashboard_needs_sign_in(client):
    response = client.get("/learning/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- query counts at two sizes -----------------------------------------------------------


def _many_users(count: int) -> list[User]:
    start = User.objects.count()
    return User.objects.bulk_create(
        User(email=f"bulk{start + n}@example.org", full_name=f"Слушатель {n}") for n in range(count)
    )


def _enrol_many(course: CoursePage, count: int) -> None:
    Enrolment.objects.bulk_create(
        Enrolment(user=user, course=course, source="self") for user in _many_users(count)
    )


def _add_lessons(course: CoursePage, count: int) -> None:
    for _ in range(count):
        builders.lesson(course)


def test_catalog_queries_do_not_grow(client, home):
    region = RegionFactory()
    for n in range(10):
        course = builders.course(home, lessons=0)
        course.audiences.add(Audience.objects.get(code="volunteers"))
        Cohort.objects.create(
            course=course,
            title=f"Поток {n}",
            region=region,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + datetime.timedelta(days=5),
        )
    _enrol_many(course, 10)
    small = queries_for(client, "/courses/")
    for _ in range(20):
        builders.course(home, lessons=0)
    _enrol_many(course, 990)
    assert queries_for(client, "/courses/") == small
    assert queries_for(client, "/courses/?format=cohort&audience=volunteers") <= small + 2


def test_course_and_lesson_page_queries_do_not_grow(client, home):
    course = builders.course(home, lessons=10, sections=True)
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    services.lesson_complete(user=user, lesson=lesson)
    _enrol_many(course, 10)
    client.force_login(user)
    small_course, small_lesson = queries_for(client, course.url), queries_for(client, lesson.url)
    _add_lessons(course, 990)
    _enrol_many(course, 990)
    assert queries_for(client, course.url) == small_course
    assert queries_for(client, lesson.url) == small_lesson


def test_dashboard_queries_do_not_grow(client, home):
    user = UserFactory()
    courses = [builders.course(home, lessons=2) for _ in range(3)]
    for course in courses[:2]:
        services.enrolment_create(user=user, course=course)
    _enrol_many(courses[0], 10)
    client.force_login(user)
    small = queries_for(client, "/learning/")
    services.enrolment_create(user=user, course=courses[2])
    _add_lessons(courses[0], 50)
    _enrol_many(courses[0], 990)
    assert queries_for(client, "/learning/") == small
