"""Operations of the trainer network. Refusals raise :class:`courses.services.CourseError`
with a message in the user's language and change nothing."""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts import api as accounts

from .. import selectors as course_selectors
from ..models import Cohort, CoursePage, Enrolment
from ..services import CourseError, enrolment_evaluate_completion
from . import selectors
from .models import Attendance, TrainerProfile, Webinar, WebinarRegistration

# --- Trainers ----------------------------------------------------------------------------


def trainer_certify(*, user_id: int, course_id: int) -> TrainerProfile | None:
    """Make the graduate of a trainer-training course a certified trainer (once)."""
    course = CoursePage.objects.filter(pk=course_id, trains_trainers=True).first()
    if course is None:
        return None
    user = accounts.get_user(user_id)
    if user is None:
        return None
    profile, created = TrainerProfile.objects.get_or_create(
        user_id=user_id, defaults={"languages": user.preferred_language}
    )
    if created and user.region_id:
        profile.regions.add(user.region_id)
    # Conditional: a concurrent or repeated call certifies once, keeping the first date.
    TrainerProfile.objects.filter(pk=profile.pk, certified_at__isnull=True).update(
        certified_at=timezone.now(), certified_by_course=course
    )
    profile.refresh_from_db()
    return profile


def _check_coordinator(*, actor, profile: TrainerProfile) -> None:
    if actor.is_superuser:
        return
    regions = course_selectors.managed_region_ids(user=actor)
    if not regions or not profile.regions.filter(pk__in=regions).exists():
        raise CourseError(
            _("Only a coordinator of the trainer's region can do this."), "not_coordinator"
        )


def trainer_suspend(*, profile: TrainerProfile, actor, reason: str) -> TrainerProfile:
    _check_coordinator(actor=actor, profile=profile)
    reason = (reason or "").strip()
    if not reason:
        raise CourseError(_("Say why the trainer is suspended."), "reason")
    TrainerProfile.objects.filter(pk=profile.pk).update(
        suspended_at=timezone.now(), suspended_reason=reason, suspended_by=actor
    )
    profile.refresh_from_db()
    return profile


def trainer_reinstate(*, profile: TrainerProfile, actor) -> TrainerProfile:
    _check_coordinator(actor=actor, profile=profile)
    TrainerProfile.objects.filter(pk=profile.pk).update(
        suspended_at=None, suspended_reason="", suspended_by=None
    )
    profile.refresh_from_db()
    return profile


def require_certified(user) -> TrainerProfile:
    profile = selectors.trainer_profile(user=user)
    if profile is None or profile.certified_at is None:
        raise CourseError(
            _("Only certified trainers can do this: complete the trainer-training course first."),
            "not_certified",
        )
    if profile.suspended_at is not None:
        raise CourseError(
            _("Your trainer status is suspended: ask your regional coordinator."), "suspended"
        )
    return profile


# --- Cohorts opened by trainers --------------------------------------------------------------


def cohort_open(
    *,
    trainer,
    course: CoursePage,
    region_id: int,
    title: str,
    starts_on,
    ends_on,
    capacity: int | None,
) -> Cohort:
    """A certified trainer opens a regional cohort of a course in one of their regions."""
    profile = require_certified(trainer)
    if not profile.regions.filter(pk=region_id).exists():
        raise CourseError(_("You can open cohorts only in your own regions."), "region")
    if ends_on < starts_on:
        raise CourseError(_("The cohort cannot end before it starts."), "dates")
    with transaction.atomic():
        cohort = Cohort.objects.create(
            course=course,
            region_id=region_id,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
        )
        cohort.trainers.add(trainer)
    return cohort


# --- Webinars ----------------------------------------------------------------------------


def _check_webinar_fields(
    *, trainer, course: CoursePage, cohort: Cohort | None, starts_at: datetime
) -> None:
    require_certified(trainer)
    if cohort is not None:
        if cohort.course_id != course.pk:
            raise CourseError(_("This cohort belongs to another course."), "wrong_cohort")
        if not cohort.trainers.filter(pk=trainer.pk).exists():
            raise CourseError(_("You can schedule webinars only for your own cohorts."), "cohort")
    if starts_at <= timezone.now():
        raise CourseError(_("Choose a start time in the future."), "past")


def webinar_schedule(
    *,
    trainer,
    course: CoursePage,
    cohort: Cohort | None,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    meeting_url: str,
    description: str = "",
    capacity: int | None = None,
) -> Webinar:
    _check_webinar_fields(trainer=trainer, course=course, cohort=cohort, starts_at=starts_at)
    return Webinar.objects.create(
        trainer=trainer,
        course=course,
        cohort=cohort,
        title=title,
        description=description,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        meeting_url=meeting_url,
        capacity=capacity,
    )


def _check_owner(*, webinar: Webinar, actor) -> None:
    """Only the webinar's own trainer, while certified and not suspended."""
    if webinar.trainer_id != actor.pk:
        raise CourseError(_("Only the webinar's trainer can change it."), "not_owner")
    require_certified(actor)


# Changes that calendars and registered people must hear about.
ANNOUNCED_FIELDS = ("title", "starts_at", "duration_minutes", "meeting_url")


def webinar_update(*, webinar: Webinar, actor, **changes) -> Webinar:
    """Change a webinar; calendars get a higher SEQUENCE, and registered people a notice when
    the time changed."""
    _check_owner(webinar=webinar, actor=actor)
    if webinar.is_cancelled:
        raise CourseError(_("This webinar is cancelled."), "cancelled")
    moved = "starts_at" in changes and changes["starts_at"] != webinar.starts_at
    if moved and changes["starts_at"] <= timezone.now():
        raise CourseError(_("Choose a start time in the future."), "past")
    announced = any(
        field in changes and changes[field] != getattr(webinar, field) for field in ANNOUNCED_FIELDS
    )
    with transaction.atomic():
        webinar = Webinar.objects.select_for_update().get(pk=webinar.pk)
        for field, value in changes.items():
            setattr(webinar, field, value)
        if announced:
            webinar.sequence += 1
        webinar.save()
        if moved:
            from .tasks import notify_webinar_change

            notify_webinar_change.delay_on_commit(webinar.pk, "moved")
    return webinar


def webinar_cancel(*, webinar: Webinar, actor) -> Webinar:
    _check_owner(webinar=webinar, actor=actor)
    with transaction.atomic():
        updated = Webinar.objects.filter(pk=webinar.pk, status=Webinar.Status.SCHEDULED).update(
            status=Webinar.Status.CANCELLED, sequence=F("sequence") + 1
        )
        if not updated:
            raise CourseError(_("This webinar is cancelled."), "cancelled")
        from .tasks import notify_webinar_change

        notify_webinar_change.delay_on_commit(webinar.pk, "cancelled")
    webinar.refresh_from_db()
    return webinar


def webinar_register(*, webinar: Webinar, user) -> WebinarRegistration:
    """Register a learner of the course (of the cohort, for a cohort's webinar). The place
    count holds under concurrent registrations: the webinar row is locked while counting."""
    if webinar.is_cancelled:
        raise CourseError(_("This webinar is cancelled."), "cancelled")
    if webinar.ends_at <= timezone.now():
        raise CourseError(_("This webinar is over."), "over")
    if not selectors.may_register(webinar=webinar, user=user):
        raise CourseError(
            _("This webinar is for the learners of its course and cohort."), "not_enrolled"
        )
    with transaction.atomic():
        locked = Webinar.objects.select_for_update().get(pk=webinar.pk)
        existing = WebinarRegistration.objects.filter(webinar=locked, user=user).first()
        if existing is not None:
            return existing
        if locked.capacity is not None and locked.registrations.count() >= locked.capacity:
            raise CourseError(_("There are no places left for this webinar."), "full")
        return WebinarRegistration.objects.create(webinar=locked, user=user)


def webinar_unregister(*, webinar: Webinar, user) -> None:
    WebinarRegistration.objects.filter(webinar=webinar, user=user).delete()


# --- Attendance ----------------------------------------------------------------------------


def _after_attendance(*, webinar: Webinar, user_ids: Iterable[int]) -> None:
    """Attendance may complete courses that need webinars, and the trainer's delivered hours
    go to the volunteer-hours ledger (once per webinar)."""
    user_ids = list(user_ids)
    for enrolment in Enrolment.objects.select_related("course").filter(
        course_id=webinar.course_id, user_id__in=user_ids, completed_at__isnull=True
    ):
        enrolment_evaluate_completion(enrolment=enrolment)
    if not user_ids:
        return  # nobody came: no delivered hours
    if Webinar.objects.filter(pk=webinar.pk, hours_recorded=False).update(hours_recorded=True):
        from lms.hours import api as hours

        memberships = accounts.user_memberships(webinar.trainer_id, role="trainer")
        hours.record_hours(
            user_id=webinar.trainer_id,
            organisation_id=memberships[0].organisation_id if memberships else None,
            date=timezone.localtime(webinar.starts_at).date(),
            minutes=webinar.duration_minutes,
            description=_("Webinar «%(title)s»") % {"title": webinar.title},
            source="webinar",
            source_ref=f"webinar:{webinar.uid}",
            status="confirmed",
        )


def _check_attendance_open(*, webinar: Webinar, actor) -> None:
    _check_owner(webinar=webinar, actor=actor)
    if webinar.is_cancelled:
        raise CourseError(_("This webinar is cancelled."), "cancelled")
    if webinar.starts_at > timezone.now():
        raise CourseError(_("Attendance is marked once the webinar has started."), "not_started")


def attendance_mark(*, webinar: Webinar, actor, marks: Mapping[int, int | None]) -> int:
    """Record the roster: ``marks`` maps each roster person's id to their minutes present
    (``None``: absent). People outside the roster are refused. Returns how many were present."""
    _check_attendance_open(webinar=webinar, actor=actor)
    roster = set(selectors.roster_user_ids(webinar=webinar))
    unknown = set(marks) - roster
    if unknown:
        raise CourseError(_("Some people are not on this webinar's roster."), "not_on_roster")
    present = {uid: minutes for uid, minutes in marks.items() if minutes}
    with transaction.atomic():
        Attendance.objects.filter(
            webinar=webinar, user_id__in=[u for u, m in marks.items() if not m]
        ).delete()
        for user_id, minutes in present.items():
            minutes = max(1, min(int(minutes), webinar.duration_minutes))
            Attendance.objects.update_or_create(
                webinar=webinar,
                user_id=user_id,
                defaults={
                    "minutes": minutes,
                    "source": Attendance.Source.ROSTER,
                    "marked_by": actor,
                    "marked_at": timezone.now(),
                },
            )
        _after_attendance(webinar=webinar, user_ids=present)
    return len(present)


def attendance_import(*, webinar: Webinar, actor, people: Iterable[dict], source: str) -> int:
    """Record attendance from a meeting report, after the trainer confirmed who is who:
    ``people`` holds, per person, ``user_id``, ``minutes``, ``joined_at`` and ``left_at``."""
    _check_attendance_open(webinar=webinar, actor=actor)
    roster = set(selectors.roster_user_ids(webinar=webinar))
    rows = [p for p in people if p.get("user_id") in roster and p.get("minutes")]
    with transaction.atomic():
        for person in rows:
            minutes = max(1, min(int(person["minutes"]), webinar.duration_minutes))
            Attendance.objects.update_or_create(
                webinar=webinar,
                user_id=person["user_id"],
                defaults={
                    "minutes": minutes,
                    "joined_at": person.get("joined_at"),
                    "left_at": person.get("left_at"),
                    "source": source,
                    "marked_by": actor,
                    "marked_at": timezone.now(),
                },
            )
        _after_attendance(webinar=webinar, user_ids=[p["user_id"] for p in rows])
    return len(rows)
