"""Read queries of courses: the catalog, a course's outline and a learner's progress."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from . import completion
from .models import (
    Cohort,
    CoursePage,
    CourseSectionPage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)


def open_cohorts(*, today: date | None = None) -> QuerySet[Cohort]:
    today = today or timezone.localdate()
    return Cohort.objects.filter(
        Q(enrolment_closes_on__gte=today) | Q(enrolment_closes_on__isnull=True, ends_on__gte=today)
    ).select_related("region")


def catalog_courses(
    *,
    language: str = "",
    audience=None,
    region=None,
    course_format: str = "",
    query: str = "",
) -> QuerySet[CoursePage]:
    """Live courses of every language, narrowed by the catalog's filters, newest first (or
    most relevant first with a query)."""
    qs = CoursePage.objects.live().public()
    if language:
        qs = qs.filter(language=language)
    if audience is not None:
        qs = qs.filter(audiences=audience)
    if region is not None:
        qs = qs.filter(Q(regions=region) | Q(regions__isnull=True))
    if course_format == "self_paced":
        qs = qs.filter(self_paced=True)
    elif course_format == "cohort":
        qs = qs.filter(cohorts__in=open_cohorts())
    qs = qs.distinct()
    prefetch = [
        "audiences",
        Prefetch("cohorts", queryset=open_cohorts(), to_attr="open_cohorts"),
    ]
    if query:
        ranked = [page.pk for page in CoursePage.objects.live().search(query)]
        matching = set(qs.filter(pk__in=ranked).values_list("pk", flat=True))
        order = {pk: position for position, pk in enumerate(ranked)}
        pages = CoursePage.objects.filter(pk__in=matching).prefetch_related(*prefetch)
        return sorted(pages, key=lambda page: order[page.pk])
    return qs.order_by("-first_published_at", "-pk").prefetch_related(*prefetch)


@dataclass
class OutlineItem:
    page: CourseSectionPage | LessonPage
    is_section: bool
    done: bool = False
    counts: bool = True


@dataclass
class Outline:
    items: list[OutlineItem]
    lessons: list[LessonPage]
    required_ids: set[int]
    done_ids: set[int] = field(default_factory=set)

    @property
    def required_total(self) -> int:
        return len(self.required_ids)

    @property
    def required_done(self) -> int:
        return len(self.required_ids & self.done_ids)

    @property
    def percent(self) -> int:
        if not self.required_ids:
            return 100 if self.lessons else 0
        return round(100 * self.required_done / self.required_total)

    @property
    def next_lesson(self) -> LessonPage | None:
        for lesson in self.lessons:
            if lesson.pk not in self.done_ids:
                return lesson
        return None

    def neighbours(self, lesson: LessonPage) -> tuple[LessonPage | None, LessonPage | None]:
        ids = [item.pk for item in self.lessons]
        if lesson.pk not in ids:  # a draft lesson in an editor's preview
            return None, None
        position = ids.index(lesson.pk)
        previous = self.lessons[position - 1] if position > 0 else None
        following = self.lessons[position + 1] if position + 1 < len(self.lessons) else None
        return previous, following


def course_outline(*, course: CoursePage, enrolment: Enrolment | None = None) -> Outline:
    """Sections and lessons in course order, with the learner's done marks (3 queries)."""
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    sections = list(CourseSectionPage.objects.live().child_of(course).order_by("path"))
    required = {lesson.pk for lesson in lessons if course.require_all_lessons or lesson.required}
    done: set[int] = set()
    if enrolment is not None:
        done = set(
            LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True)
        )
    pages = sorted([*lessons, *sections], key=lambda page: page.path)
    items = [
        OutlineItem(
            page=page,
            is_section=isinstance(page, CourseSectionPage),
            done=page.pk in done,
            counts=page.pk in required,
        )
        for page in pages
    ]
    return Outline(items=items, lessons=lessons, required_ids=required, done_ids=done)


def course_of_lesson(*, lesson: LessonPage) -> CoursePage | None:
    return CoursePage.objects.ancestor_of(lesson).first()


def enrolment_for(*, user, course: CoursePage) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.select_related("cohort").filter(user=user, course=course).first()


@dataclass(frozen=True)
class CompletionStatus:
    lessons_done: int
    lessons_needed: int
    requirements: tuple[completion.Requirement, ...]

    @property
    def complete(self) -> bool:
        return self.lessons_done >= self.lessons_needed and all(r.met for r in self.requirements)


def completion_status(*, enrolment: Enrolment, outline: Outline | None = None) -> CompletionStatus:
    """Where the learner stands against the course's rule (``outline``, when the caller has
    the learner's outline already, saves reading it again)."""
    outline = outline or course_outline(course=enrolment.course, enrolment=enrolment)
    return CompletionStatus(
        lessons_done=outline.required_done,
        lessons_needed=outline.required_total,
        requirements=tuple(completion.extra_requirements(enrolment)),
    )


def latest_attempts(*, enrolment: Enrolment, lesson: LessonPage) -> dict[str, dict]:
    """Per quiz id: the latest attempt and how many were made."""
    attempts: dict[str, dict] = {}
    for attempt in QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson):
        entry = attempts.setdefault(attempt.quiz_id, {"count": 0, "passed": False})
        entry["count"] += 1
        entry["latest"] = attempt
        entry["passed"] = entry["passed"] or attempt.passed
    return attempts


def learner_enrolments(*, user) -> list[Enrolment]:
    """A learner's enrolments with the numbers their dashboard shows, in three queries.

    Lessons are matched to courses by their tree path in Python: a prefix filter per course
    uses the path index, where a join on ``path LIKE course.path || '%'`` cannot."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("course", "cohort")
        .annotate(lessons_done=Count("progress", filter=Q(progress__lesson__live=True)))
        # Ongoing first on every database (PostgreSQL sorts NULLs last unless told).
        .order_by(F("completed_at").asc(nulls_first=True), "-enrolled_at")
    )
    if not enrolments:
        return enrolments
    courses = {e.course.path: e.course for e in enrolments}
    prefixes = Q()
    for path in courses:
        prefixes |= Q(path__startswith=path)
    needed: dict[str, int] = dict.fromkeys(courses, 0)
    for path, required in (
        LessonPage.objects.live().filter(prefixes).values_list("path", "required")
    ):
        for course_path, course in courses.items():
            if path.startswith(course_path) and (course.require_all_lessons or required):
                needed[course_path] += 1
    for enrolment in enrolments:
        total = needed[enrolment.course.path]
        enrolment.lessons_needed = total
        enrolment.percent = min(100, round(100 * enrolment.lessons_done / total)) if total else 0
        if enrolment.completed_at:
            enrolment.percent = 100
    return enrolments


MANAGER_ROLES = ("coordinator", "programme_coordinator")


def managed_region_ids(*, user) -> set[int]:
    """Regions where the person coordinates: their organisations' regions, and every region
    of the country of a national front office they coordinate at."""
    from lms.accounts import api as accounts

    return accounts.coordinated_region_ids(user.pk, roles=MANAGER_ROLES)


def is_active_trainer(*, user) -> bool:
    """A certified trainer who is not suspended: only they act as a cohort's trainer."""
    from .models import TrainerProfile

    return TrainerProfile.objects.filter(
        user=user, certified_at__isnull=False, suspended_at__isnull=True
    ).exists()


def managed_cohorts(*, user) -> QuerySet[Cohort]:
    """Cohorts a person may manage: as their (active) trainer, or as a coordinator of their
    region; administrators manage all."""
    qs = Cohort.objects.select_related("course", "region").annotate(
        enrolled=Count("enrolments", distinct=True)
    )
    if user.is_superuser:
        return qs.order_by("-starts_on", "pk")
    scope = Q(region_id__in=managed_region_ids(user=user))
    if is_active_trainer(user=user):
        scope |= Q(trainers=user)
    return qs.filter(scope).distinct().order_by("-starts_on", "pk")


def coordinates_cohort(*, user, cohort: Cohort) -> bool:
    """A coordinator of the cohort's region, or an administrator (not its trainer)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or cohort.region_id in managed_region_ids(user=user)


def can_manage_cohort(*, user, cohort: Cohort) -> bool:
    if not user.is_authenticated:
        return False
    if coordinates_cohort(user=user, cohort=cohort):
        return True
    return cohort.trainers.filter(pk=user.pk).exists() and is_active_trainer(user=user)


def cohort_roster(*, cohort: Cohort) -> QuerySet[Enrolment]:
    return cohort.enrolments.select_related("user").order_by("user__full_name", "pk")
