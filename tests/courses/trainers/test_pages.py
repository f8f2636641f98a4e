"""The directory, the trainer's desk and the coordinator's list: filters, permissions and
query counts that do not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Attendance, TrainerProfile, Webinar
from lms.pages.models import MaterialTopic
from tests.courses.trainers import builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


def _trainers(count: int, *, region, topic=None, start: int = 0) -> list:
    users = []
    for n in range(start, start + count):
        user = builders.trainer(region=region, full_name=f"Тренер {n:04d}")
        if topic:
            user.trainer_profile.topics.add(topic)
        users.append(user)
    return users


def test_directory_filters_by_region_topic_and_language(client):
    astana, almaty = RegionFactory(code="KZ-71"), RegionFactory(code="KZ-75")
    silver = MaterialTopic.objects.create(slug="silver", name_ru="Серебряное волонтёрство")
    in_astana = builders.trainer(region=astana, full_name="Айдана Астанова")
    in_astana.trainer_profile.topics.add(silver)
    english = builders.trainer(region=almaty, full_name="John Almaty")
    TrainerProfile.objects.filter(user=english).update(languages="en")
    hidden = builders.trainer(region=astana, full_name="Скрытый Тренер", certified=False)
    suspended = builders.trainer(region=astana, full_name="Приостановлен Тренер")
    TrainerProfile.objects.filter(user=suspended).update(suspended_at=timezone.now())

    url = reverse("courses:trainers")
    page = client.get(url).content.decode()
    assert "Айдана Астанова" in page and "John Almaty" in page
    assert "Скрытый Тренер" not in page and "Приостановлен Тренер" not in page
    page = client.get(url, {"region": astana.pk}).content.decode()
    assert "Айдана Астанова" in page and "John Almaty" not in page
    page = client.get(url, {"topic": "silver"}).content.decode()
    assert "Айдана Астанова" in page and "John Almaty" not in page
    page = client.get(url, {"language": "en"}).content.decode()
    assert "John Almaty" in page and "Айдана Астанова" not in page
    assert client.get(url, {"region": "nonsense", "language": "xx"}).status_code == 200
    profile = client.get(reverse("courses:trainer", args=[hidden.trainer_profile.pk]))
    assert profile.status_code == 404


def test_directory_queries_do_not_grow(client):
    region = RegionFactory(code="KZ-71")
    topic = MaterialTopic.objects.create(slug="t", name_ru="Тема")
    _trainers(3, region=region, topic=topic)
    url = reverse("courses:trainers")
    small = queries_for(client, url)
    _trainers(30, region=region, topic=topic, start=100)
    assert queries_for(client, url) == small


def _held_webinars(trainer, course, cohort, count: int, learners: list) -> None:
    for n in range(count):
        webinar = builders.webinar(
            trainer_user=trainer,
            course=course,
            cohort=cohort,
            starts_at=timezone.now() - datetime.timedelta(days=n + 1),
            title=f"Прошедший {n}",
        )
        Attendance.objects.bulk_create(
            Attendance(webinar=webinar, user=learner, minutes=60, source="roster")
            for learner in learners
        )
    for n in range(count):
        builders.webinar(trainer_user=trainer, course=course, cohort=cohort, title=f"Будущий {n}")


def test_trainer_desk_and_coordinator_list_queries_do_not_grow(client, site_tree):
    trainer = builders.trainer(full_name="Ерлан Сапаров")
    course = builders.course_with_webinars(site_tree.home["ru"], lessons=1)
    cohort = builders.cohort(course, trainer_user=trainer)
    learners = [builders.learner_in(cohort) for _ in range(3)]
    _held_webinars(trainer, course, cohort, 2, learners)
    coordinator = MembershipFactory(
        organisation=OrganisationFactory(region=trainer.region), role="coordinator"
    ).user

    client.force_login(trainer)
    desk = reverse("courses:trainer_dashboard")
    small_desk = queries_for(client, desk)
    client.force_login(coordinator)
    region_list = reverse("courses:region_trainers")
    small_list = queries_for(client, region_list)

    more = [builders.learner_in(cohort) for _ in range(20)]
    _held_webinars(trainer, course, cohort, 15, learners + more)
    _trainers(10, region=trainer.region, start=500)
    client.force_login(trainer)
    page = client.get(desk).content.decode()
    assert "Будущий 0" in page and "Прошедший 0" in page
    assert queries_for(client, desk) == small_desk
    client.force_login(coordinator)
    page = client.get(region_list).content.decode()
    assert "Ерлан Сапаров" in page
    assert queries_for(client, region_list) == small_list


def test_trainer_desk_counts_people_trained_by_region_and_month(client, site_tree):
    trainer = builders.trainer()
    course = builders.course_with_webinars(site_tree.home["ru"], lessons=1)
    cohort = builders.cohort(course, trainer_user=trainer)
    astana = RegionFactory(code="KZ-71")
    learners = [builders.learner_in(cohort, region=astana) for _ in range(3)]
    _held_webinars(trainer, course, cohort, 2, learners)  # the same three people twice
    client.force_login(trainer)
    response = client.get(reverse("courses:trainer_dashboard"))
    assert response.context["trained_total"] == 3
    assert sum(row["people"] for row in response.context["trained"]) >= 3


def test_coordinators_of_other_regions_and_learners_do_not_see_trainers(client):
    trainer = builders.trainer(full_name="Ерлан Сапаров")
    other = MembershipFactory(
        organisation=OrganisationFactory(region=RegionFactory(code="KZ-75")), role="coordinator"
    ).user
    client.force_login(other)
    assert "Ерлан Сапаров" not in client.get(reverse("courses:region_trainers")).content.decode()
    client.force_login(UserFactory())
    assert client.get(reverse("courses:region_trainers")).status_code == 403
    client.logout()
    assert client.get(reverse("courses:region_trainers")).status_code == 302
    assert Webinar.objects.count() == 0 and trainer
