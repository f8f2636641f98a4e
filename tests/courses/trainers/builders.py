"""Trainers, cohorts and webinars for the trainer-network tests."""

import datetime

from django.utils import timezone

from courses import services as course_services
from courses.models import Cohort, TrainerProfile, Webinar
from tests.courses import builders
from tests.factories import RegionFactory, UserFactory


def trainer(*, region=None, certified: bool = True, **user_fields):
    region = region or RegionFactory(code="KZ-71", time_zone="Asia/Almaty")
    user = UserFactory(region=region, **user_fields)
    profile = TrainerProfile.objects.create(
        user=user, certified_at=timezone.now() if certified else None, languages="ru,kk"
    )
    profile.regions.add(region)
    return user


def cohort(course, *, trainer_user, region=None, **fields) -> Cohort:
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course,
        title=fields.pop("title", "Астана: поток 1"),
        region=region or trainer_user.region,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=60),
        **fields,
    )
    cohort.trainers.add(trainer_user)
    return cohort


def webinar(*, trainer_user, course, cohort=None, starts_at=None, **fields) -> Webinar:
    return Webinar.objects.create(
        trainer=trainer_user,
        course=course,
        cohort=cohort,
        title=fields.pop("title", "Вебинар: работа с добровольцами"),
        starts_at=starts_at or timezone.now() + datetime.timedelta(days=2),
        duration_minutes=fields.pop("duration_minutes", 60),
        meeting_url=fields.pop("meeting_url", "https://meet.example.org/vektor-1"),
        **fields,
    )


def learner_in(cohort, **user_fields):
    user = UserFactory(**user_fields)
    course_services.enrolment_create(user=user, course=cohort.course, cohort=cohort)
    return user


def course_with_webinars(home, *, needed: int = 1, share: int = 75, lessons: int = 0):
    return builders.course(
        home, lessons=lessons, required_webinars=needed, attendance_share=share, self_paced=False
    )
