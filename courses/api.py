"""What other apps may know and do about courses. They import this module (and
``courses.signals``) only, never ``courses.models``."""

from datetime import datetime

from django.db.models import QuerySet, Subquery

from . import selectors
from .completion import Requirement, register_requirement, register_webinar_counter
from .data import CohortData, CourseData, EnrolmentData, ManagedScope
from .models import Cohort, CoursePage, Enrolment

__all__ = [
    "CohortData",
    "CourseData",
    "EnrolmentData",
    "ManagedScope",
    "Requirement",
    "can_manage_cohort",
    "cohort_completed_enrolment_ids",
    "cohort_region",
    "completed_enrolment_ids",
    "completion_dates",
    "coordinates_cohort",
    "course_ids_for_audience",
    "course_title_in",
    "get_cohort",
    "get_course",
    "get_courses",
    "get_enrolment",
    "managed_scope",
    "register_requirement",
    "register_webinar_counter",
    "user_completed_course",
]


def _enrolment_data(enrolment: Enrolment) -> EnrolmentData:
    return EnrolmentData(
        id=enrolment.pk,
        user_id=enrolment.user_id,
        course_id=enrolment.course_id,
        course_title=enrolment.course.title,
        course_language=enrolment.course.language,
        estimated_hours=enrolment.course.estimated_hours,
        cohort_id=enrolment.cohort_id,
        completed_at=enrolment.completed_at,
    )


def get_enrolment(enrolment_id: int) -> EnrolmentData | None:
    enrolment = Enrolment.objects.select_related("course").filter(pk=enrolment_id).first()
    return _enrolment_data(enrolment) if enrolment else None


def completed_enrolment_ids(*, since=None) -> list[int]:
    """Ids of enrolments completed since a moment, oldest first."""
    qs = Enrolment.objects.filter(completed_at__isnull=False)
    if since is not None:
        qs = qs.filter(completed_at__gte=since)
    return list(qs.order_by("completed_at", "pk").values_list("pk", flat=True))


def _course_data(course: CoursePage) -> CourseData:
    return CourseData(
        id=course.pk,
        title=course.title,
        language=course.language,
        estimated_hours=course.estimated_hours,
        summary=course.summary,
        url=course.get_full_url() or course.url or "",
    )


def get_course(course_id: int, *, live_only: bool = False) -> CourseData | None:
    qs = CoursePage.objects.filter(pk=course_id)
    if live_only:
        qs = qs.live().public()
    course = qs.first()
    return _course_data(course) if course else None


def course_title_in(course_id: int, language: str) -> str | None:
    """The course's title in ``language`` (from its translation if it has one)."""
    course = CoursePage.objects.select_related("locale").filter(pk=course_id).first()
    if course is None:
        return None
    if course.locale.language_code == language:
        return course.title
    translation = course.get_translations().filter(locale__language_code=language).first()
    return translation.title if translation else course.title


def get_courses(course_ids) -> dict[int, CourseData]:
    return {c.pk: _course_data(c) for c in CoursePage.objects.filter(pk__in=list(course_ids))}


def get_cohort(cohort_id: int) -> CohortData | None:
    cohort = Cohort.objects.select_related("course").filter(pk=cohort_id).first()
    if cohort is None:
        return None
    return CohortData(
        id=cohort.pk,
        title=cohort.title,
        course_id=cohort.course_id,
        course_title=cohort.course.title,
        region_id=cohort.region_id,
    )


def can_manage_cohort(user, cohort_id: int) -> bool:
    """Whether the person manages the cohort: its trainer, a coordinator of its region, or an
    administrator."""
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    return cohort is not None and selectors.can_manage_cohort(user=user, cohort=cohort)


def managed_scope(user) -> ManagedScope:
    """What the person coordinates: the cohorts and learners of the regions where they are a
    coordinator; administrators everything. (A cohort's trainers teach it; they are not in
    this scope.)"""
    if not user.is_authenticated:
        return ManagedScope(everything=False, cohort_ids=frozenset(), region_ids=frozenset())
    if user.is_superuser:
        return ManagedScope(everything=True, cohort_ids=frozenset(), region_ids=frozenset())
    regions = frozenset(selectors.managed_region_ids(user=user))
    return ManagedScope(
        everything=False,
        cohort_ids=frozenset(
            Cohort.objects.filter(region_id__in=regions).values_list("pk", flat=True)
        ),
        region_ids=regions,
    )


def coordinates_cohort(user, cohort_id: int) -> bool:
    """Whether the person coordinates the cohort's region (or is an administrator)."""
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    return cohort is not None and selectors.coordinates_cohort(user=user, cohort=cohort)


def cohort_completed_enrolment_ids(cohort_id: int) -> list[int]:
    return list(
        Enrolment.objects.filter(cohort_id=cohort_id, completed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def user_completed_course(user_id: int, course_id: int) -> bool:
    return Enrolment.objects.filter(
        user_id=user_id, course_id=course_id, completed_at__isnull=False
    ).exists()


def completion_dates(course_id: int, user_ids) -> dict[int, datetime]:
    """When each of these people completed the course (one query); people who have not
    completed it are left out."""
    return dict(
        Enrolment.objects.filter(
            course_id=course_id, user_id__in=list(user_ids), completed_at__isnull=False
        ).values_list("user_id", "completed_at")
    )


# --- Pieces of report queries: other apps filter and group their rows by these in the
# database (as subqueries), never by loading cohorts or courses.


def cohort_region(cohort_ref) -> Subquery:
    """The region id of the cohort ``cohort_ref`` points at (an ``OuterRef``)."""
    return Subquery(Cohort.objects.filter(pk=cohort_ref).order_by().values("region_id")[:1])


def course_ids_for_audience(audience_id: int) -> QuerySet:
    """The ids of the courses meant for an audience, as a subquery."""
    return CoursePage.objects.filter(audiences=audience_id).values("pk")
