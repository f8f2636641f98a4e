"""Reads of the trainer network."""

from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .. import selectors as course_selectors
from ..models import Enrolment
from .models import Attendance, TrainerProfile, Webinar, WebinarRegistration

# The join link shows this long before the start (and until the end).
JOIN_OPENS_BEFORE = timedelta(minutes=15)


def trainer_profile(*, user) -> TrainerProfile | None:
    if not user.is_authenticated:
        return None
    return TrainerProfile.objects.filter(user=user).first()


def directory(
    *, region_id: int | None = None, topic_id: int | None = None, language: str | None = None
) -> QuerySet[TrainerProfile]:
    """Certified, active trainers, filtered by region, topic and language."""
    qs = (
        TrainerProfile.objects.filter(certified_at__isnull=False, suspended_at__isnull=True)
        .select_related("user", "photo")
        .prefetch_related("regions", "topics")
        .order_by("user__full_name", "pk")
    )
    if region_id:
        qs = qs.filter(regions=region_id)
    if topic_id:
        qs = qs.filter(topics=topic_id)
    if language:
        qs = qs.filter(languages__contains=language)
    return qs.distinct()


def attended_count(user_id: int, course_id: int) -> int:
    """Webinars of the course the learner attended for at least the course's share."""
    return (
        Attendance.objects.filter(
            user_id=user_id, webinar__course_id=course_id, webinar__status=Webinar.Status.SCHEDULED
        )
        .alias(
            have=F("minutes") * 100,
            need=F("webinar__duration_minutes") * F("webinar__course__attendance_share"),
        )
        .filter(have__gte=F("need"))
        .count()
    )


def may_register(*, webinar: Webinar, user) -> bool:
    if not user.is_authenticated:
        return False
    enrolments = Enrolment.objects.filter(user=user, course_id=webinar.course_id)
    if webinar.cohort_id is not None:
        enrolments = enrolments.filter(cohort_id=webinar.cohort_id)
    return enrolments.exists()


def on_roster(*, webinar: Webinar, user) -> bool:
    return user.is_authenticated and user.pk in roster_user_ids(webinar=webinar)


def may_view(*, webinar: Webinar, user) -> bool:
    """An open event is public; a cohort's webinar is for its trainer, the cohort's people and
    those who manage the cohort."""
    if webinar.cohort_id is None:
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or webinar.trainer_id == user.pk or on_roster(webinar=webinar, user=user):
        return True
    return course_selectors.can_manage_cohort(user=user, cohort=webinar.cohort)


def is_registered(*, webinar: Webinar, user) -> bool:
    return user.is_authenticated and webinar.registrations.filter(user=user).exists()


def join_open(*, webinar: Webinar, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        not webinar.is_cancelled and webinar.starts_at - JOIN_OPENS_BEFORE <= now < webinar.ends_at
    )


def roster_user_ids(*, webinar: Webinar) -> list[int]:
    """Who may be marked present: the cohort's learners (for a cohort's webinar) and
    everyone registered."""
    ids = set(webinar.registrations.values_list("user_id", flat=True))
    if webinar.cohort_id is not None:
        ids |= set(
            Enrolment.objects.filter(cohort_id=webinar.cohort_id).values_list("user_id", flat=True)
        )
    return sorted(ids)


def roster(*, webinar: Webinar) -> list[dict]:
    """The roster with each person's attendance, by name."""
    from django.contrib.auth import get_user_model

    ids = roster_user_ids(webinar=webinar)
    marks = {a.user_id: a for a in webinar.attendance.filter(user_id__in=ids)}
    people = get_user_model().objects.filter(pk__in=ids).order_by("full_name", "pk")
    return [{"user": person, "attendance": marks.get(person.pk)} for person in people]


def upcoming_for_trainer(*, user, now: datetime | None = None) -> QuerySet[Webinar]:
    now = now or timezone.now()
    return (
        Webinar.objects.filter(trainer=user, starts_at__gte=now - timedelta(hours=3))
        .select_related("course", "cohort")
        .annotate(registered=Count("registrations", distinct=True))
        .order_by("starts_at", "pk")
    )


def past_for_trainer(*, user, now: datetime | None = None) -> QuerySet[Webinar]:
    now = now or timezone.now()
    return (
        Webinar.objects.filter(trainer=user, starts_at__lt=now - timedelta(hours=3))
        .select_related("course", "cohort")
        .annotate(present=Count("attendance", distinct=True))
        .order_by("-starts_at", "-pk")
    )


def trained_by_region_and_month(*, trainer_ids) -> list[dict]:
    """People each trainer trained: distinct learners present at their webinars, by the
    learner's region and the month of the webinar. Aggregated in the database."""
    return list(
        Attendance.objects.filter(webinar__trainer_id__in=list(trainer_ids))
        .annotate(month=TruncMonth("webinar__starts_at"))
        .values(
            "webinar__trainer_id",
            "month",
            "user__region__name_ru",
            "user__region__name_kk",
            "user__region__name_en",
        )
        .annotate(people=Count("user", distinct=True))
        .order_by("webinar__trainer_id", "-month", "user__region__name_ru")
    )


def people_trained(*, trainer_ids) -> dict[int, int]:
    rows = (
        Attendance.objects.filter(webinar__trainer_id__in=list(trainer_ids))
        .values("webinar__trainer_id")
        .annotate(people=Count("user", distinct=True))
    )
    return {row["webinar__trainer_id"]: row["people"] for row in rows}


def region_trainers(*, user) -> QuerySet[TrainerProfile]:
    """The trainers of the regions a coordinator manages (all, for administrators)."""
    qs = TrainerProfile.objects.select_related("user").prefetch_related("regions")
    if not user.is_superuser:
        qs = qs.filter(regions__in=course_selectors.managed_region_ids(user=user)).distinct()
    return qs.order_by("user__full_name", "pk")


def webinars_for_user(*, user) -> QuerySet[Webinar]:
    """Everything on a person's calendar: webinars they registered for or run."""
    return (
        Webinar.objects.filter(Q(registrations__user=user) | Q(trainer=user))
        .select_related("course", "trainer")
        .distinct()
        .order_by("starts_at", "pk")
    )


def upcoming_registrations(*, user, now: datetime | None = None) -> QuerySet[WebinarRegistration]:
    now = now or timezone.now()
    return (
        WebinarRegistration.objects.filter(
            user=user,
            webinar__status=Webinar.Status.SCHEDULED,
            webinar__starts_at__gte=now - timedelta(hours=3),
        )
        .select_related("webinar", "webinar__course")
        .order_by("webinar__starts_at")
    )


def course_webinars(*, course_id: int, user, now: datetime | None = None) -> list[Webinar]:
    """Upcoming webinars of a course a learner may join (their cohort's and open events)."""
    now = now or timezone.now()
    enrolment = (
        Enrolment.objects.filter(user=user, course_id=course_id).first()
        if user.is_authenticated
        else None
    )
    qs = Webinar.objects.filter(
        course_id=course_id,
        status=Webinar.Status.SCHEDULED,
        starts_at__gte=now - timedelta(hours=3),
    ).select_related("trainer")
    cohort_filter = Q(cohort__isnull=True)
    if enrolment is not None and enrolment.cohort_id:
        cohort_filter |= Q(cohort_id=enrolment.cohort_id)
    return list(qs.filter(cohort_filter).order_by("starts_at")[:10])
