"""Operations that change enrolments and progress. Each is one transaction.

Refusals raise :class:`CourseError` with a message in the user's language and change nothing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import selectors
from .imports import ParsedFile, parse_enrolment_csv
from .models import Cohort, CoursePage, Enrolment, LessonPage, LessonProgress, QuizAttempt
from .quiz import QuizResult, score_quiz
from .signals import course_completed


class CourseError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _check_prerequisites(*, user, course: CoursePage) -> None:
    missing = [
        prerequisite
        for prerequisite in course.prerequisites.all()
        if not Enrolment.objects.filter(
            user=user, course=prerequisite, completed_at__isnull=False
        ).exists()
    ]
    if missing:
        titles = ", ".join(f"«{page.title}»" for page in missing)
        raise CourseError(
            _("First complete the course %(titles)s.") % {"titles": titles}, "prerequisites"
        )


def _closed_message(*, cohort: Cohort, today: date) -> str:
    """Why nobody can enrol in the cohort any more, or "" while it is open."""
    if today <= cohort.last_enrolment_day:
        return ""
    return _("Enrolment in this cohort closed on %(date)s: choose another cohort") % {
        "date": date_format(cohort.last_enrolment_day, "DATE_FORMAT")
    }


def _check_cohort(*, course: CoursePage, cohort: Cohort, today: date) -> None:
    if cohort.course_id != course.pk:
        raise CourseError(_("This cohort belongs to another course."), "wrong_cohort")
    if closed := _closed_message(cohort=cohort, today=today):
        raise CourseError(closed, "closed")
    if cohort.capacity is not None and cohort.enrolments.count() >= cohort.capacity:
        raise CourseError(_("There are no places left in this cohort."), "full")


def enrolment_create(
    *,
    user,
    course: CoursePage,
    cohort: Cohort | None = None,
    source: str = Enrolment.Source.SELF,
    today: date | None = None,
) -> Enrolment:
    """Enrol ``user`` in ``course``, in ``cohort`` or self-paced.

    Refused when the course is not published, the learner is already enrolled, a prerequisite
    is not completed, the course needs a cohort, or the cohort is closed or full. Capacity
    holds under concurrent enrolments: the cohort row is locked while places are counted.
    """
    today = today or timezone.localdate()
    if not course.live:
        raise CourseError(_("This course is not open."), "not_live")
    if Enrolment.objects.filter(user=user, course=course).exists():
        raise CourseError(_("You are already enrolled in this course."), "already")
    _check_prerequisites(user=user, course=course)
    with transaction.atomic():
        if cohort is None:
            if not course.self_paced:
                raise CourseError(_("Choose a cohort to enrol in this course."), "cohort_needed")
        else:
            cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
            _check_cohort(course=course, cohort=cohort, today=today)
        try:
            with transaction.atomic():
                return Enrolment.objects.create(
                    user=user, course=course, cohort=cohort, source=source
                )
        except IntegrityError:
            raise CourseError(_("You are already enrolled in this course."), "already") from None


def enrolment_for_lesson(*, user, lesson: LessonPage) -> Enrolment:
    """The learner's enrolment in the lesson's course; refused when there is none."""
    course = selectors.course_of_lesson(lesson=lesson)
    enrolment = selectors.enrolment_for(user=user, course=course) if course else None
    if enrolment is None:
        raise CourseError(_("Enrol in the course to study its lessons."), "not_enrolled")
    return enrolment


def _record_progress(*, enrolment: Enrolment, lesson: LessonPage) -> None:
    try:
        with transaction.atomic():
            LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    except IntegrityError:
        pass  # the same lesson was recorded by a concurrent request: once is enough


def enrolment_evaluate_completion(*, enrolment: Enrolment) -> bool:
    """Record the completion if the course's rule holds. Returns True only for the call that
    recorded it: the conditional update lets exactly one of concurrent callers win, and
    ``course_completed`` is sent once, after that transaction commits."""
    if enrolment.completed_at is not None:
        return False
    if not selectors.completion_status(enrolment=enrolment).complete:
        return False
    now = timezone.now()
    with transaction.atomic():
        won = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        if won:
            enrolment.completed_at = now
            payload = {
                "enrolment_id": enrolment.pk,
                "user_id": enrolment.user_id,
                "course_id": enrolment.course_id,
                "completed_at": now,
            }
            transaction.on_commit(lambda: course_completed.send_robust(sender=Enrolment, **payload))
    return bool(won)


def lesson_complete(*, user, lesson: LessonPage) -> Enrolment:
    """The learner marks a lesson without a quiz as done."""
    enrolment = enrolment_for_lesson(user=user, lesson=lesson)
    if lesson.quizzes():
        raise CourseError(_("Pass the quiz to complete this lesson."), "quiz_required")
    if lesson.packages():
        raise CourseError(
            _("Finish the learning package to complete this lesson."), "package_required"
        )
    with transaction.atomic():
        # Lessons of one learner are recorded one at a time, so that two last lessons finished
        # at the same moment still see each other and the course completes.
        enrolment = (
            Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        )
        _record_progress(enrolment=enrolment, lesson=lesson)
        enrolment_evaluate_completion(enrolment=enrolment)
    return enrolment


def lesson_finish_if_done(*, enrolment: Enrolment, lesson: LessonPage) -> bool:
    """Record the lesson (and the course, by its rule) when every quiz of it is passed and
    every learning package in it finished. Called with the learner's enrolment row locked.
    True when the lesson is done."""
    from .packages import selectors as package_selectors

    quizzes = lesson.quizzes()
    if quizzes:
        passed_ids = set(
            QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson, passed=True)
            .values_list("quiz_id", flat=True)
            .distinct()
        )
        if not passed_ids >= set(quizzes):
            return False
    if not package_selectors.blocks_completed(enrolment=enrolment, lesson=lesson):
        return False
    _record_progress(enrolment=enrolment, lesson=lesson)
    enrolment_evaluate_completion(enrolment=enrolment)
    return True


@dataclass(frozen=True)
class AttemptOutcome:
    result: QuizResult
    attempt: QuizAttempt
    lesson_completed: bool


def quiz_submit(
    *, user, lesson: LessonPage, quiz_id: str, answers: Mapping[str, Sequence[str]]
) -> AttemptOutcome:
    """Score a quiz attempt on the server. The lesson completes when all its quizzes passed."""
    quizzes = lesson.quizzes()
    if quiz_id not in quizzes:
        raise CourseError(_("This quiz does not exist."), "unknown_quiz")
    quiz = quizzes[quiz_id]
    enrolment = enrolment_for_lesson(user=user, lesson=lesson)
    with transaction.atomic():
        # One learner's attempts and lessons are recorded one at a time.
        enrolment = (
            Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        )
        attempts = QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson, quiz_id=quiz_id)
        if quiz["max_attempts"] and attempts.count() >= quiz["max_attempts"]:
            raise CourseError(_("You have no attempts left for this quiz."), "no_attempts")
        result = score_quiz(quiz, answers)
        attempt = QuizAttempt.objects.create(
            enrolment=enrolment,
            lesson=lesson,
            quiz_id=quiz_id,
            answers={q.question_id: sorted(q.chosen_ids) for q in result.questions},
            score=result.score,
            passed=result.passed,
        )
        completed = lesson_finish_if_done(enrolment=enrolment, lesson=lesson)
    return AttemptOutcome(result=result, attempt=attempt, lesson_completed=completed)


def _check_import(*, cohort: Cohort, parsed: ParsedFile, today: date) -> ParsedFile:
    """Mark each row that cannot be enrolled; a file-level error when the cohort is closed or
    the list does not fit in the places left."""
    from django.contrib.auth import get_user_model

    if parsed.error:
        return parsed
    if closed := _closed_message(cohort=cohort, today=today):
        parsed.error = closed
        return parsed
    emails = [row.email for row in parsed.rows if not row.error]
    users = {user.email.lower(): user for user in get_user_model().objects.filter(email__in=emails)}
    enrolled = set(
        Enrolment.objects.filter(course=cohort.course, user__in=users.values()).values_list(
            "user_id", flat=True
        )
    )
    prerequisites = set(cohort.course.prerequisites.values_list("pk", flat=True))
    completed: dict[int, set[int]] = {}
    for user_id, course_id in Enrolment.objects.filter(
        user__in=users.values(), course_id__in=prerequisites, completed_at__isnull=False
    ).values_list("user_id", "course_id"):
        completed.setdefault(user_id, set()).add(course_id)
    for row in parsed.rows:
        if row.error:
            continue
        user = users.get(row.email)
        if user is None:
            row.error = _("No account with this address: the person must sign up first.")
        elif user.pk in enrolled:
            row.error = _("Already enrolled in this course.")
        elif not prerequisites <= completed.get(user.pk, set()):
            row.error = _("Has not completed the prerequisite courses.")
        else:
            row.user = user
    if cohort.capacity is not None:
        left = cohort.capacity - cohort.enrolments.count()
        ready = sum(1 for row in parsed.rows if not row.error)
        if ready > left:
            parsed.error = _(
                "The list has %(count)s people, but only %(left)s places are left."
            ) % {"count": ready, "left": max(left, 0)}
    return parsed


def enrolments_preview(
    *, actor, cohort: Cohort, data: bytes, today: date | None = None
) -> ParsedFile:
    """Read and check a list without changing anything."""
    if not selectors.can_manage_cohort(user=actor, cohort=cohort):
        raise CourseError(_("You do not manage this cohort."), "forbidden")
    return _check_import(
        cohort=cohort, parsed=parse_enrolment_csv(data), today=today or timezone.localdate()
    )


def enrolments_import(
    *, actor, cohort: Cohort, data: bytes, today: date | None = None
) -> list[Enrolment]:
    """Enrol everyone on the list, or nobody: any error in any row changes nothing."""
    if not selectors.can_manage_cohort(user=actor, cohort=cohort):
        raise CourseError(_("You do not manage this cohort."), "forbidden")
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
        parsed = _check_import(
            cohort=cohort,
            parsed=parse_enrolment_csv(data),
            today=today or timezone.localdate(),
        )
        if not parsed.ok:
            raise CourseError(
                _("The list has errors; nobody was enrolled. Correct the file and try again."),
                "import_errors",
            )
        try:
            with transaction.atomic():
                return [
                    Enrolment.objects.create(
                        user=row.user,
                        course=cohort.course,
                        cohort=cohort,
                        source=Enrolment.Source.COORDINATOR,
                    )
                    for row in parsed.rows
                ]
        except IntegrityError:
            raise CourseError(
                _("The list has errors; nobody was enrolled. Correct the file and try again."),
                "import_errors",
            ) from None
