"""The courses app's part of the coordinators' reports (``lms.reports``).

Two providers of the ``reports`` slot, registered in :meth:`CoursesConfig.ready`:
:func:`section` (learning: enrolments, completions, lessons) and :func:`webinar_section`
(webinars held, their attendance and the trainers who held them); and :func:`filters`, the
options of the course and audience filters (``report_filters`` slot).

Every number is an aggregate computed by the database; each provider issues a fixed number of
queries whatever the data's size (see the functions' docstrings).

Which region a record belongs to:

* enrolments, completions and lesson progress: the cohort's region, else the learner's;
* webinars and their attendance: the cohort's region, else the trainer's.
"""

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDay, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts import api as accounts
from lms.reports.api import (
    AUDIENCE,
    COURSE,
    DAYS,
    PERCENT,
    TEXT,
    Choice,
    Column,
    DaysBetween,
    Figure,
    FilterChoices,
    Matrix,
    Median,
    RegionColumn,
    ReportQuery,
    Section,
    Series,
    Table,
    during,
    rate,
)

from .models import Audience, CoursePage, Enrolment, LessonProgress, Webinar

REGION = "report_region"  # the annotation every query groups and filters by


def _cut(qs: QuerySet, query: ReportQuery, *, region, person: str, course: str) -> QuerySet:
    """``qs`` annotated with its records' region and cut to the query's regions, organisation
    (``person`` holds a role there), course and audience (``course`` is the course's id)."""
    qs = qs.annotate(**{REGION: region})
    if query.region_ids is not None:
        qs = qs.filter(**{f"{REGION}__in": query.region_ids})
    if query.organisation_id is not None:
        qs = qs.filter(**{f"{person}__in": accounts.member_ids(query.organisation_id)})
    if query.course_id is not None:
        qs = qs.filter(**{course: query.course_id})
    if query.audience_id is not None:
        audience_courses = CoursePage.objects.filter(audiences=query.audience_id).values("pk")
        qs = qs.filter(**{f"{course}__in": audience_courses})
    return qs


def _needs_cut(query: ReportQuery) -> bool:
    return any(
        value is not None
        for value in (query.region_ids, query.organisation_id, query.course_id, query.audience_id)
    )


def _enrolments_cut(query: ReportQuery, qs: QuerySet | None = None) -> QuerySet:
    """Enrolments (all, or ``qs``) annotated with their region and cut to the query."""
    return _cut(
        Enrolment.objects.all() if qs is None else qs,
        query,
        region=Coalesce("cohort__region_id", "user__region_id", output_field=IntegerField()),
        person="user_id",
        course="course_id",
    )


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _counted(values: dict) -> dict:
    """A region column's values without the regions that have none."""
    return {key: value for key, value in values.items() if value}


def _known(values: dict) -> dict:
    """A region column's values without the regions where it is undefined (a rate of nothing,
    the median of no completions)."""
    return {key: value for key, value in values.items() if value is not None}


# --- Learning ----------------------------------------------------------------------------------


def _enrolments(query: ReportQuery) -> QuerySet:
    """The enrolments made or completed in the period, within the query's cut."""
    return _enrolments_cut(
        query,
        Enrolment.objects.filter(during("enrolled_at", query) | during("completed_at", query)),
    )


def _learning_counts(query: ReportQuery) -> dict:
    """Aggregates of enrolments: made in the period, made in the period and completed (at any
    time so far), completed in the period, and the median days to complete of the latter."""
    enrolled = during("enrolled_at", query)
    completed = during("completed_at", query)
    return {
        "enrolments": Count("pk", filter=enrolled),
        "enrolled_completed": Count("pk", filter=enrolled & Q(completed_at__isnull=False)),
        "completions": Count("pk", filter=completed),
        "median": Median(DaysBetween("completed_at", "enrolled_at"), filter=completed),
    }


def _buckets(qs: QuerySet, field: str, query: ReportQuery) -> dict[dt.date, int]:
    """How many of ``qs`` have ``field`` in each bucket of the period (zero included)."""
    trunc = TruncMonth if query.monthly else TruncDay
    rows = (
        qs.filter(during(field, query))
        .annotate(bucket=trunc(field, tzinfo=query.zone))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[dt.date, int] = {}
    for row in rows:
        bucket = row["bucket"]
        if isinstance(bucket, dt.datetime):
            bucket = timezone.localtime(bucket, query.zone).date()
        counts[bucket] = counts.get(bucket, 0) + row["n"]
    return {day: counts.get(day, 0) for day in query.buckets()}


def section(query: ReportQuery) -> Section:
    """Enrolments, completions, completion rate, median time to complete, lessons completed
    and active learners: 8 queries (9 with ``query.by_direction``)."""
    enrolments = _enrolments(query)
    counts = _learning_counts
    total = enrolments.aggregate(**counts(query))
    by_region = list(enrolments.values(REGION).annotate(**counts(query)).order_by())

    # Lesson activity. Lessons are counted on the progress table itself, joined to
    # enrolments only when a filter needs them; active learners are counted per enrolment
    # ("has progress in the period"), not by a DISTINCT over every progress row.
    in_period = LessonProgress.objects.filter(during("completed_at", query))
    if _needs_cut(query):
        # (A join: a semi-join on the enrolments in the cut measured twice as slow.)
        in_period = _cut(
            in_period,
            query,
            region=Coalesce(
                "enrolment__cohort__region_id",
                "enrolment__user__region_id",
                output_field=IntegerField(),
            ),
            person="enrolment__user_id",
            course="enrolment__course_id",
        )
    lessons = in_period.order_by().aggregate(n=Count("pk"))["n"]
    active = _enrolments_cut(
        query,
        Enrolment.objects.filter(
            Exists(
                LessonProgress.objects.filter(
                    during("completed_at", query), enrolment=OuterRef("pk")
                )
            )
        ),
    )
    learners = {"learners": Count("user_id", distinct=True)}
    progress_total = {"lessons": lessons, **active.order_by().aggregate(**learners)}
    progress_by_region = list(active.values(REGION).annotate(**learners).order_by())

    enrolment_rate = rate(total["enrolled_completed"], total["enrolments"])
    figures = (
        Figure("enrolments", _("Enrolments"), total["enrolments"]),
        Figure("completions", _("Completions"), total["completions"]),
        Figure(
            "completion_rate",
            _("Completion rate"),
            enrolment_rate,
            kind=PERCENT,
            note=_("Of the enrolments made in the period, the share completed so far."),
        ),
        Figure(
            "median_days",
            _("Median time to complete"),
            _days(total["median"]),
            kind=DAYS,
            note=_("Days from enrolment to completion, of the courses completed in the period."),
        ),
        Figure(
            "active_learners",
            _("Active learners"),
            progress_total["learners"],
            note=_("People who completed a lesson in the period."),
        ),
        Figure("lessons_completed", _("Lessons completed"), progress_total["lessons"]),
    )

    region_columns = (
        RegionColumn(
            Column("enrolments", _("Enrolments")),
            _counted({row[REGION]: row["enrolments"] for row in by_region}),
        ),
        RegionColumn(
            Column("completions", _("Completions")),
            _counted({row[REGION]: row["completions"] for row in by_region}),
        ),
        RegionColumn(
            Column("completion_rate", _("Completion rate"), PERCENT),
            _known(
                {
                    row[REGION]: rate(row["enrolled_completed"], row["enrolments"])
                    for row in by_region
                }
            ),
            total=enrolment_rate,
        ),
        RegionColumn(
            Column("median_days", _("Median days to complete"), DAYS),
            _known({row[REGION]: _days(row["median"]) for row in by_region}),
            total=_days(total["median"]),
        ),
        RegionColumn(
            Column("active_learners", _("Active learners")),
            _counted({row[REGION]: row["learners"] for row in progress_by_region}),
            total=progress_total["learners"],
        ),
    )

    series = (
        Series("completions", _("Completions"), _buckets(enrolments, "completed_at", query)),
        Series("enrolments", _("Enrolments"), _buckets(enrolments, "enrolled_at", query)),
    )

    by_course = (
        enrolments.values("course_id", "course__title", "course__language")
        .annotate(**counts(query))
        .order_by("-enrolments", "course__title", "course_id")
    )
    courses = Table(
        key="courses",
        title=_("Courses"),
        columns=(
            Column("course", _("Course"), TEXT),
            Column("language", _("Language"), TEXT),
            Column("enrolments", _("Enrolments")),
            Column("completions", _("Completions")),
            Column("completion_rate", _("Completion rate"), PERCENT),
            Column("median_days", _("Median days to complete"), DAYS),
        ),
        rows=tuple(
            (
                row["course__title"],
                row["course__language"],
                row["enrolments"],
                row["completions"],
                rate(row["enrolled_completed"], row["enrolments"]),
                _days(row["median"]),
            )
            for row in by_course
        ),
        note=_("Courses with enrolments or completions in the period."),
    )

    matrices: tuple[Matrix, ...] = ()
    if query.by_direction:
        cells = list(
            enrolments.values(REGION, "course__direction_id")
            .annotate(
                enrolments=Count("pk", filter=during("enrolled_at", query)),
                completions=Count("pk", filter=during("completed_at", query)),
            )
            .order_by()
        )
        matrices = (
            Matrix(
                "enrolments_by_direction",
                _("Enrolments by region and direction"),
                _counted({(c[REGION], c["course__direction_id"]): c["enrolments"] for c in cells}),
            ),
            Matrix(
                "completions_by_direction",
                _("Completions by region and direction"),
                _counted({(c[REGION], c["course__direction_id"]): c["completions"] for c in cells}),
            ),
        )

    return Section(
        key="learning",
        title=_("Learning"),
        order=10,
        figures=figures,
        region_columns=region_columns,
        series=series,
        tables=(courses,),
        matrices=matrices,
    )


# --- Webinars and trainers ---------------------------------------------------------------------


def webinar_section(query: ReportQuery) -> Section:
    """Webinars held in the period (not cancelled, already started), their attendance and the
    trainers who held them: 2 queries."""
    held = _cut(
        Webinar.objects.filter(
            during("starts_at", query),
            status=Webinar.Status.SCHEDULED,
            starts_at__lt=timezone.now(),
        ),
        query,
        region=Coalesce("cohort__region_id", "trainer__region_id", output_field=IntegerField()),
        person="trainer_id",
        course="course_id",
    )
    # One row per attendance (or per webinar nobody attended): webinars and trainers are
    # counted distinct, attendance rows as they are.
    counts = {
        "held": Count("pk", distinct=True),
        "attendances": Count("attendance"),
        "attendees": Count("attendance__user_id", distinct=True),
        "trainers": Count("trainer_id", distinct=True),
    }
    total = held.aggregate(**counts)
    by_region = list(held.values(REGION).annotate(**counts).order_by())

    return Section(
        key="webinars",
        title=_("Webinars and trainers"),
        order=20,
        figures=(
            Figure("webinars_held", _("Webinars held"), total["held"]),
            Figure(
                "attendances",
                _("Webinar attendances"),
                total["attendances"],
                note=_("Each person present at each webinar held."),
            ),
            Figure(
                "attendees",
                _("Webinar attendees"),
                total["attendees"],
                note=_("People present at one webinar held or more."),
            ),
            Figure(
                "trainers_active",
                _("Trainers active"),
                total["trainers"],
                note=_("Trainers who held a webinar in the period."),
            ),
        ),
        region_columns=(
            RegionColumn(
                Column("webinars_held", _("Webinars held")),
                _counted({row[REGION]: row["held"] for row in by_region}),
            ),
            RegionColumn(
                Column("attendances", _("Webinar attendances")),
                _counted({row[REGION]: row["attendances"] for row in by_region}),
            ),
            RegionColumn(
                Column("trainers_active", _("Trainers active")),
                _counted({row[REGION]: row["trainers"] for row in by_region}),
                total=total["trainers"],
            ),
        ),
    )


# --- Filters -----------------------------------------------------------------------------------


def filters(query: ReportQuery | None = None) -> list[FilterChoices]:
    """The published courses (title and language) by title, and the audiences in their
    order: 2 queries."""
    courses = (
        CoursePage.objects.live().order_by("title", "pk").values_list("pk", "title", "language")
    )
    audiences = Audience.objects.order_by("sort_order", "code")
    return [
        FilterChoices(
            COURSE,
            tuple(Choice(pk, f"{title} ({language})") for pk, title, language in courses),
        ),
        FilterChoices(AUDIENCE, tuple(Choice(a.pk, a.name) for a in audiences)),
    ]
