"""Operations of mentorship. Each is one transaction and checks who may do it; refusals
raise :class:`MentorshipError` with a message in the user's language and change nothing.

Children's data stays on the platform: no mentee code, age, institution, interest or note
goes into a log line, an e-mail or the hours ledger. Every time a mentee's record is shown,
added or changed, :func:`mentee_open` (or the write itself) adds a row to the audit log.
"""

import logging
import secrets
from collections import defaultdict
from datetime import date as Date
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts import api as accounts
from lms.hours import api as hours
from lms.web import absolute_url, send_templated_mail

from . import selectors
from .models import (
    ACTIVITIES,
    OPEN_MATCH_STATUSES,
    Alert,
    CheckIn,
    Concern,
    Match,
    Mentee,
    MenteeAccess,
    Mentor,
    MentoringProgramme,
    ScreeningCheck,
    Session,
    Step,
)

logger = logging.getLogger(__name__)

TEXT_MAX_LENGTH = 4000
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MIN_SESSION_MINUTES = 15
MAX_SESSION_MINUTES = 720

User = Any  # the custom user model; apps never import lms.accounts.models


class MentorshipError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _text(text: str, *, required: str | None = None, code: str, limit: int = TEXT_MAX_LENGTH):
    text = (text or "").strip()
    if not text and required:
        raise MentorshipError(required, code)
    if len(text) > limit:
        raise MentorshipError(
            _("The text is too long: at most %(limit)s characters.") % {"limit": limit},
            f"{code}_too_long",
        )
    return text


def _signed_in(actor: User) -> None:
    if actor is None or not actor.is_authenticated:
        raise MentorshipError(_("Sign in first."), "forbidden")


def _coordinator(actor: User, programme: MentoringProgramme) -> None:
    _signed_in(actor)
    if not selectors.is_coordinator(user=actor, programme=programme):
        raise MentorshipError(
            _("Only a coordinator of this mentoring programme can do this."), "forbidden"
        )


def _not_future(day: Date, today: Date, *, code: str) -> None:
    if day > today:
        raise MentorshipError(_("The date cannot be in the future."), code)


# --- Mentors: applying and screening ------------------------------------------------------


def mentor_apply(
    *,
    user: User,
    programme_id: int,
    motivation: str,
    city: str,
    experience: str = "",
    availability: str = "",
    phone: str = "",
) -> Mentor:
    """A person applies to become a mentor in an open programme (again, after withdrawing)."""
    _signed_in(user)
    programme = MentoringProgramme.objects.filter(pk=programme_id, is_open=True).first()
    if programme is None:
        raise MentorshipError(_("This programme does not accept mentors now."), "closed")
    fields = {
        "motivation": _text(
            motivation, required=_("Tell us why you want to be a mentor."), code="motivation"
        ),
        "city": _text(city, required=_("Enter your city or town."), code="city", limit=100),
        "experience": _text(experience, code="experience"),
        "availability": _text(availability, code="availability", limit=200),
        "phone": _text(phone, code="phone", limit=40),
    }
    with transaction.atomic():
        mentor = (
            Mentor.objects.select_for_update().filter(programme=programme, user_id=user.pk).first()
        )
        if mentor is not None:
            if mentor.status == Mentor.Status.DECLINED:
                raise MentorshipError(
                    _(
                        "The programme's coordinators declined your application. Write to "
                        "them if your situation has changed."
                    ),
                    "declined",
                )
            if mentor.status != Mentor.Status.WITHDRAWN:
                raise MentorshipError(_("You have already applied to this programme."), "duplicate")
            for name, value in fields.items():
                setattr(mentor, name, value)
            mentor.status = Mentor.Status.ACTIVE
            mentor.applied_at = timezone.now()
            mentor.save()
            return mentor
        try:
            with transaction.atomic():
                return Mentor.objects.create(programme=programme, user_id=user.pk, **fields)
        except IntegrityError:
            raise MentorshipError(
                _("You have already applied to this programme."), "duplicate"
            ) from None


def _locked_mentor(mentor_id: int) -> Mentor:
    mentor = (
        Mentor.objects.select_for_update(of=("self",))
        .select_related("programme")
        .filter(pk=mentor_id)
        .first()
    )
    if mentor is None:
        raise MentorshipError(_("There is no such mentor."), "not_found")
    return mentor


def mentor_withdraw(*, mentor_id: int, actor: User) -> Mentor:
    """The mentor leaves the programme (not while in an open match)."""
    with transaction.atomic():
        mentor = _locked_mentor(mentor_id)
        _signed_in(actor)
        if mentor.user_id != actor.pk:
            raise MentorshipError(_("Only the mentor can withdraw their application."), "forbidden")
        if mentor.status != Mentor.Status.ACTIVE:
            raise MentorshipError(_("This application is no longer open."), "decided")
        if Match.objects.filter(mentor=mentor, status__in=OPEN_MATCH_STATUSES).exists():
            raise MentorshipError(
                _("You are in a match. Ask your coordinator to close it first."), "matched"
            )
        mentor.status = Mentor.Status.WITHDRAWN
        mentor.save(update_fields=["status"])
    return mentor


def mentor_decline(*, mentor_id: int, actor: User, reason: str) -> Mentor:
    """The coordinator declines a mentor (not while in an open match)."""
    with transaction.atomic():
        mentor = _locked_mentor(mentor_id)
        _coordinator(actor, mentor.programme)
        reason = _text(reason, required=_("Give the reason."), code="reason")
        if mentor.status != Mentor.Status.ACTIVE:
            raise MentorshipError(_("This application is no longer open."), "decided")
        if Match.objects.filter(mentor=mentor, status__in=OPEN_MATCH_STATUSES).exists():
            raise MentorshipError(_("Close the mentor's match first."), "matched")
        mentor.status = Mentor.Status.DECLINED
        mentor.decline_reason = reason
        mentor.decided_by_id, mentor.decided_at = actor.pk, timezone.now()
        mentor.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    return mentor


def add_months(day: Date, months: int) -> Date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def screening_record(
    *,
    mentor_id: int,
    actor: User,
    step: str,
    outcome: str,
    done_on: Date,
    expires_on: Date | None = None,
    note: str = "",
    today: Date | None = None,
) -> ScreeningCheck:
    """The coordinator records a screening step. A police-record certificate is valid until
    its expiry date (by default the programme's months from its date)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        mentor = _locked_mentor(mentor_id)
        _coordinator(actor, mentor.programme)
        if step not in Step.values:
            raise MentorshipError(_("Choose a screening step."), "step")
        if outcome not in ScreeningCheck.Outcome.values:
            raise MentorshipError(_("Choose the outcome."), "outcome")
        if mentor.status != Mentor.Status.ACTIVE:
            raise MentorshipError(_("This mentor is no longer in the programme."), "decided")
        _not_future(done_on, today, code="done_on")
        if step == Step.POLICE_RECORD and outcome == ScreeningCheck.Outcome.PASSED:
            expires_on = expires_on or add_months(
                done_on, mentor.programme.police_record_valid_months
            )
        if expires_on is not None and expires_on <= done_on:
            raise MentorshipError(_("The expiry date must come after the date."), "expires_on")
        return ScreeningCheck.objects.create(
            mentor=mentor,
            step=step,
            outcome=outcome,
            done_on=done_on,
            expires_on=expires_on,
            note=_text(note, code="note"),
            recorded_by_id=actor.pk,
        )


# --- Mentees ------------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _audit(mentee_id: int, user: User, action: str, place: str) -> None:
    MenteeAccess.objects.create(mentee_id=mentee_id, user_id=user.pk, action=action, place=place)


# Where children in care live: children's homes and social-service institutions.
INSTITUTION_KINDS = ("childrens_home", "social")


def _institution_ok(programme: MentoringProgramme, institution_id: int | None) -> int:
    institution_model = Mentee._meta.get_field("institution").related_model
    institution = institution_model.objects.filter(
        pk=institution_id, is_active=True, kind__in=INSTITUTION_KINDS
    ).first()
    if institution is None:
        raise MentorshipError(_("Choose the child's institution."), "institution")
    return institution.pk


def mentee_create(
    *,
    programme_id: int,
    actor: User,
    age_band: str,
    institution_id: int,
    interests: str = "",
    coordinator_notes: str = "",
) -> Mentee:
    """A coordinator adds a child to the programme; the platform gives the pseudonymous code."""
    programme = MentoringProgramme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise MentorshipError(_("There is no such programme."), "not_found")
    _coordinator(actor, programme)
    if age_band not in Mentee.AgeBand.values:
        raise MentorshipError(_("Choose the age band."), "age_band")
    institution_id = _institution_ok(programme, institution_id)
    interests = _text(interests, code="interests", limit=300)
    notes = _text(coordinator_notes, code="coordinator_notes")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                mentee = Mentee.objects.create(
                    programme=programme,
                    code=_new_code(),
                    age_band=age_band,
                    institution_id=institution_id,
                    interests=interests,
                    coordinator_notes=notes,
                    created_by_id=actor.pk,
                )
                _audit(mentee.pk, actor, MenteeAccess.Action.CREATE, "mentee_create")
                return mentee
        except IntegrityError:  # pragma: no cover - a code already taken: draw again
            continue
    raise MentorshipError(_("Could not make a code. Try again."), "code")  # pragma: no cover


def mentee_update(
    *,
    mentee_id: int,
    actor: User,
    age_band: str,
    institution_id: int,
    interests: str,
    coordinator_notes: str,
    is_active: bool = True,
) -> Mentee:
    """A coordinator changes a mentee's record (never the code)."""
    with transaction.atomic():
        mentee = (
            Mentee.objects.select_for_update(of=("self",))
            .select_related("programme")
            .filter(pk=mentee_id)
            .first()
        )
        if mentee is None:
            raise MentorshipError(_("There is no such mentee."), "not_found")
        _coordinator(actor, mentee.programme)
        if age_band not in Mentee.AgeBand.values:
            raise MentorshipError(_("Choose the age band."), "age_band")
        if (
            not is_active
            and Match.objects.filter(mentee=mentee, status__in=OPEN_MATCH_STATUSES).exists()
        ):
            raise MentorshipError(_("Close the child's match first."), "matched")
        mentee.age_band = age_band
        mentee.institution_id = _institution_ok(mentee.programme, institution_id)
        mentee.interests = _text(interests, code="interests", limit=300)
        mentee.coordinator_notes = _text(coordinator_notes, code="coordinator_notes")
        mentee.is_active = is_active
        mentee.save(
            update_fields=["age_band", "institution", "interests", "coordinator_notes", "is_active"]
        )
        _audit(mentee.pk, actor, MenteeAccess.Action.EDIT, "mentee_edit")
    return mentee


def mentee_open(*, mentee_id: int, viewer: User, place: str) -> Mentee:
    """A mentee's record for a person allowed to see it, written to the audit log (every
    page that shows a mentee's record opens it here)."""
    _signed_in(viewer)
    mentee = Mentee.objects.select_related("programme", "institution").filter(pk=mentee_id).first()
    if mentee is None or not selectors.may_view_mentee(user=viewer, mentee=mentee):
        raise MentorshipError(_("You cannot see this record."), "forbidden")
    _audit(mentee.pk, viewer, MenteeAccess.Action.VIEW, place)
    return mentee


# --- Matches ------------------------------------------------------------------------------


def _locked_match(match_id: int) -> Match:
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("programme", "mentor", "mentee")
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        raise MentorshipError(_("There is no such match."), "not_found")
    return match


def _check_ready(mentor: Mentor, today: Date) -> None:
    if mentor.status != Mentor.Status.ACTIVE:
        raise MentorshipError(_("This mentor is no longer in the programme."), "mentor")
    state = selectors.mentor_readiness(mentor=mentor, today=today)
    if not state.ready:
        raise MentorshipError(
            _("The mentor cannot be matched yet: %(missing)s.")
            % {
                "missing": ", ".join(
                    _("%(step)s (expired)") % {"step": step.label}
                    if step.expired
                    else str(step.label)
                    for step in state.missing
                )
            },
            "not_ready",
        )


def match_propose(
    *,
    programme_id: int,
    actor: User,
    mentor_id: int,
    mentee_id: int,
    note: str = "",
    today: Date | None = None,
) -> Match:
    """A coordinator proposes a match of a ready mentor (every required screening step done
    and unexpired, the training course completed) and a mentee, neither in an open match."""
    today = today or timezone.localdate()
    programme = MentoringProgramme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise MentorshipError(_("There is no such programme."), "not_found")
    _coordinator(actor, programme)
    try:
        with transaction.atomic():
            mentor = _locked_mentor(mentor_id)
            mentee = Mentee.objects.select_for_update().filter(pk=mentee_id, is_active=True).first()
            if (
                mentor.programme_id != programme.pk
                or mentee is None
                or (mentee.programme_id != programme.pk)
            ):
                raise MentorshipError(
                    _("The mentor and the child must both be in this programme."), "programme"
                )
            _check_ready(mentor, today)
            if Match.objects.filter(mentor=mentor, status__in=OPEN_MATCH_STATUSES).exists():
                raise MentorshipError(_("This mentor is already in a match."), "mentor_taken")
            if Match.objects.filter(mentee=mentee, status__in=OPEN_MATCH_STATUSES).exists():
                raise MentorshipError(_("This child already has a mentor."), "mentee_taken")
            return Match.objects.create(
                programme=programme,
                mentor=mentor,
                mentee=mentee,
                note=_text(note, code="note"),
                proposed_by_id=actor.pk,
            )
    except IntegrityError:
        raise MentorshipError(
            _("The mentor or the child was matched at the same moment. Look again."), "taken"
        ) from None


def match_start(
    *,
    match_id: int,
    actor: User,
    consent_by: str,
    consent_on: Date,
    started_on: Date,
    consent_note: str = "",
    today: Date | None = None,
) -> Match:
    """The coordinator starts a proposed match once the child's institution or guardian has
    consented; the mentor must still be ready (nothing expired since the proposal)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        match = _locked_match(match_id)
        _coordinator(actor, match.programme)
        if match.status != Match.Status.PROPOSED:
            raise MentorshipError(_("Only a proposed match can be started."), "status")
        if consent_by not in Match.ConsentBy.values:
            raise MentorshipError(_("Record who gave consent."), "consent_by")
        if consent_on is None:
            raise MentorshipError(_("Enter the date of the consent."), "consent_on")
        _not_future(consent_on, today, code="consent_on")
        if started_on < consent_on:
            raise MentorshipError(
                _("A match starts on or after the day of the consent."), "started_on"
            )
        if started_on > today + timedelta(days=31):
            raise MentorshipError(_("Start the match within a month."), "started_on")
        # The mentor must be ready on the first day of the match (and today).
        _check_ready(match.mentor, max(today, started_on))
        match.status = Match.Status.ACTIVE
        match.consent_by, match.consent_on = consent_by, consent_on
        match.consent_note = _text(consent_note, code="consent_note", limit=300)
        match.started_on = started_on
        match.planned_end_on = add_months(started_on, match.programme.match_length_months)
        match.save()
    logger.info("mentorship match %s started", match.pk)
    return match


def match_cancel(*, match_id: int, actor: User, reason: str, today: Date | None = None) -> Match:
    """The coordinator cancels a proposed match (e.g. no consent)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        match = _locked_match(match_id)
        _coordinator(actor, match.programme)
        if match.status != Match.Status.PROPOSED:
            raise MentorshipError(_("Only a proposed match can be cancelled."), "status")
        match.status = Match.Status.CANCELLED
        match.exit_note = _text(reason, required=_("Give the reason."), code="reason")
        match.closed_on, match.closed_by_id = today, actor.pk
        match.save(update_fields=["status", "exit_note", "closed_on", "closed_by"])
    return match


def match_close(
    *,
    match_id: int,
    actor: User,
    closure: str,
    reason: str,
    exit_note: str,
    closed_on: Date,
    today: Date | None = None,
) -> Match:
    """The coordinator closes an active match, as planned or early, with a reason and an exit
    note. The mentor loses access to the child's record at once."""
    today = today or timezone.localdate()
    with transaction.atomic():
        match = _locked_match(match_id)
        _coordinator(actor, match.programme)
        if match.status != Match.Status.ACTIVE:
            raise MentorshipError(_("Only an active match can be closed."), "status")
        if closure not in Match.Closure.values:
            raise MentorshipError(_("Say whether the match ends as planned or early."), "closure")
        if reason not in Match.Reason.values:
            raise MentorshipError(_("Choose the reason."), "reason")
        _not_future(closed_on, today, code="closed_on")
        if closed_on < match.started_on:
            raise MentorshipError(_("A match cannot close before it started."), "closed_on")
        match.status = Match.Status.CLOSED
        match.closure, match.reason = closure, reason
        match.exit_note = _text(exit_note, required=_("Write the exit note."), code="exit_note")
        match.closed_on, match.closed_by_id = closed_on, actor.pk
        match.save()
    logger.info("mentorship match %s closed (%s)", match.pk, closure)
    return match


def checkin_record(
    *,
    match_id: int,
    actor: User,
    date: Date,
    with_whom: str,
    channel: str,
    note: str = "",
    today: Date | None = None,
) -> CheckIn:
    """The coordinator records a check-in with the mentor or the child's side."""
    today = today or timezone.localdate()
    with transaction.atomic():
        match = _locked_match(match_id)
        _coordinator(actor, match.programme)
        if match.status != Match.Status.ACTIVE:
            raise MentorshipError(_("Check-ins are recorded on active matches."), "status")
        if with_whom not in CheckIn.With.values:
            raise MentorshipError(_("Choose with whom."), "with_whom")
        if channel not in CheckIn.Channel.values:
            raise MentorshipError(_("Choose how."), "channel")
        _not_future(date, today, code="date")
        if date < match.started_on:
            raise MentorshipError(_("The date is before the match started."), "date")
        return CheckIn.objects.create(
            match=match,
            date=date,
            with_whom=with_whom,
            channel=channel,
            note=_text(note, code="note"),
            recorded_by_id=actor.pk,
        )


# --- Sessions and concerns ------------------------------------------------------------------


def _matched_mentor(actor: User, match: Match) -> None:
    _signed_in(actor)
    if match.mentor.user_id != actor.pk:
        raise MentorshipError(_("Only the match's mentor can do this."), "forbidden")
    if match.status != Match.Status.ACTIVE:
        raise MentorshipError(_("This match is not active."), "status")


def session_log(
    *,
    match_id: int,
    actor: User,
    date: Date,
    minutes: int,
    mode: str,
    mood: int,
    activities: list[str] | tuple[str, ...] = (),
    activities_other: str = "",
    note: str = "",
    concern_category: str = "",
    concern_text: str = "",
    today: Date | None = None,
) -> Session:
    """The mentor logs a meeting; its hours go to the ledger (confirmed at once or waiting for
    a coordinator, as the programme says). A concern given with it is raised too."""
    today = today or timezone.localdate()
    known = {code for code, _label in ACTIVITIES}
    activities = list(dict.fromkeys(activities))
    if any(code not in known for code in activities):
        raise MentorshipError(_("Choose activities from the list."), "activities")
    if not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        raise MentorshipError(
            _("A session lasts from %(min)s minutes to %(max)s hours.")
            % {"min": MIN_SESSION_MINUTES, "max": MAX_SESSION_MINUTES // 60},
            "minutes",
        )
    if mode not in Session.Mode.values:
        raise MentorshipError(_("Say whether you met in person or online."), "mode")
    if mood not in range(1, 6):
        raise MentorshipError(_("Choose the child's mood."), "mood")
    other = _text(activities_other, code="activities_other", limit=200)
    if not activities and not other:
        raise MentorshipError(_("Say what you did together."), "activities")
    with transaction.atomic():
        match = _locked_match(match_id)
        _matched_mentor(actor, match)
        _not_future(date, today, code="date")
        if date < match.started_on:
            raise MentorshipError(_("The date is before the match started."), "date")
        session = Session.objects.create(
            match=match,
            logged_by_id=actor.pk,
            date=date,
            minutes=minutes,
            mode=mode,
            activities=activities,
            activities_other=other,
            mood=mood,
            note=_text(note, code="note"),
        )
        try:
            entry = hours.record_hours(
                user_id=actor.pk,
                organisation_id=match.programme.organisation_id,
                date=date,
                minutes=minutes,
                description=_("Mentoring session: %(programme)s")
                % {"programme": match.programme.title},
                source="mentoring",
                source_ref=session.hours_ref,
                status=(
                    "confirmed"
                    if match.programme.session_hours == MentoringProgramme.SessionHours.CONFIRMED
                    else None
                ),
            )
        except hours.HoursError as error:
            raise MentorshipError(error.message, "hours") from None
        session.hours_entry_id = entry.id
        session.save(update_fields=["hours_entry_id"])
        if concern_category or (concern_text or "").strip():
            _raise_concern(
                match=match,
                actor=actor,
                category=concern_category,
                text=concern_text,
                session=session,
            )
    logger.info("mentorship session %s logged on match %s", session.pk, match.pk)
    return session


def _raise_concern(
    *, match: Match, actor: User, category: str, text: str, session: Session | None
) -> Concern:
    if category not in Concern.Category.values:
        raise MentorshipError(_("Choose what the concern is about."), "concern_category")
    concern = Concern.objects.create(
        match=match,
        session=session,
        raised_by_id=actor.pk,
        category=category,
        text=_text(text, required=_("Describe what worries you."), code="concern_text"),
    )
    from .tasks import notify_concern

    notify_concern.delay_on_commit(concern.pk)
    logger.info("mentorship concern %s raised on match %s", concern.pk, match.pk)
    return concern


def concern_raise(*, match_id: int, actor: User, category: str, text: str) -> Concern:
    """The mentor raises a concern about the child. Coordinators are told at once; the concern
    cannot be changed or removed afterwards."""
    with transaction.atomic():
        match = _locked_match(match_id)
        _matched_mentor(actor, match)
        return _raise_concern(match=match, actor=actor, category=category, text=text, session=None)


def concern_close(*, concern_id: int, actor: User, resolution: str) -> Concern:
    """A coordinator closes a concern with what was done (the concern itself stays as
    raised)."""
    with transaction.atomic():
        concern = (
            Concern.objects.select_for_update(of=("self",))
            .select_related("match__programme")
            .filter(pk=concern_id)
            .first()
        )
        if concern is None:
            raise MentorshipError(_("There is no such concern."), "not_found")
        _coordinator(actor, concern.match.programme)
        if concern.status != Concern.Status.OPEN:
            raise MentorshipError(_("This concern is already closed."), "status")
        concern.resolution = _text(
            resolution, required=_("Write what was done."), code="resolution"
        )
        concern.status = Concern.Status.CLOSED
        concern.closed_by_id, concern.closed_at = actor.pk, timezone.now()
        concern.save(update_fields=["resolution", "status", "closed_by", "closed_at"])
    return concern


def _coordinators(programme: MentoringProgramme):
    return accounts.organisation_members(programme.organisation_id, roles=[selectors.COORDINATOR])


def concern_notify(*, concern_id: int) -> int:
    """E-mail the programme's coordinators about a concern, once. The e-mail says which match
    and mentor and links to the concern; what happened and who the child is stay on the
    platform. Returns how many people were told."""
    with transaction.atomic():
        concern = (
            Concern.objects.select_for_update(of=("self",))
            .select_related("match__programme", "match__mentor__user")
            .filter(pk=concern_id)
            .first()
        )
        if concern is None or concern.notified_at is not None:
            return 0
        programme = concern.match.programme
        url = absolute_url("mentorship:concern", concern.pk)
        told = 0
        for person in _coordinators(programme):
            send_templated_mail(
                template="mentorship/email/concern",
                context={
                    "raised_at": concern.raised_at,
                    "programme": programme.title,
                    "match_id": concern.match_id,
                    "mentor": concern.match.mentor.user.full_name
                    or concern.match.mentor.user.email,
                    "url": url,
                    "name": person.full_name,
                },
                to=person.email,
                language=person.preferred_language,
                time_zone=person.time_zone,
            )
            told += 1
        concern.notified_at = timezone.now()
        concern.save(update_fields=["notified_at"])
    logger.info("mentorship concern %s: %s coordinators told", concern_id, told)
    return told


# --- Alerts -----------------------------------------------------------------------------------


def _lapses(programme: MentoringProgramme, today: Date) -> list[Alert]:
    """The alerts due in a programme on ``today`` (not yet saved)."""
    found: list[Alert] = []
    matches = selectors.active_matches_with_health(programme=programme, today=today)
    # A lapse of too few meetings is named by the day it began (not by the last meeting, which
    # changes with every meeting logged during the lapse without ending it).
    dates = selectors.meeting_dates(
        match_ids=[match.pk for match, state in matches if state.too_few], today=today
    )
    for match, state in matches:

        def alert(kind: str, key: str, match=match) -> Alert:
            return Alert(
                programme=programme,
                kind=kind,
                key=f"m{match.pk}:{key}",
                match=match,
                detected_on=today,
            )

        if state.no_contact:
            found.append(alert(Alert.Kind.NO_CONTACT, state.last_contact.isoformat()))
        if state.too_few:
            since = selectors.few_meetings_since(
                started_on=state.started_on,
                meeting_dates=dates.get(match.pk, []),
                today=today,
                per_month=programme.meetings_per_month,
            )
            found.append(alert(Alert.Kind.FEW_MEETINGS, since.isoformat()))
        if state.mentor_checkin_overdue:
            found.append(
                alert(Alert.Kind.CHECKIN_OVERDUE, f"mentor:{state.mentor_checkin_due.isoformat()}")
            )
        if state.child_checkin_overdue:
            found.append(
                alert(Alert.Kind.CHECKIN_OVERDUE, f"child:{state.child_checkin_due.isoformat()}")
            )
    for check in selectors.expiring_checks(programme=programme, today=today):
        found.append(
            Alert(
                programme=programme,
                kind=Alert.Kind.DOCUMENT_EXPIRING,
                key=f"c{check.pk}:{check.expires_on.isoformat()}",
                mentor=check.mentor,
                detected_on=today,
            )
        )
    return found


def alerts_scan(*, today: Date | None = None) -> int:
    """Find each programme's lapses on ``today`` and store the new ones (a lapse already
    stored is left alone, so none alerts twice). Returns how many are new."""
    today = today or timezone.localdate()
    new = 0
    for programme in MentoringProgramme.objects.all():
        lapses = _lapses(programme, today)
        if not lapses:
            continue
        known = set(
            Alert.objects.filter(
                programme=programme, key__in=[lapse.key for lapse in lapses]
            ).values_list("kind", "key")
        )
        fresh = [lapse for lapse in lapses if (lapse.kind, lapse.key) not in known]
        created = Alert.objects.bulk_create(fresh, ignore_conflicts=True)
        new += len(created)
    return new


def alerts_notify(*, programme_id: int) -> int:
    """E-mail the programme's coordinators its alerts not yet sent, in one message each, and
    mark them sent. Returns how many alerts went out."""
    with transaction.atomic():
        alerts = list(
            Alert.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(programme_id=programme_id, notified_at__isnull=True)
            .select_related("programme", "match__mentor__user", "mentor__user")
            .order_by("kind", "pk")
        )
        if not alerts:
            return 0
        programme = alerts[0].programme
        grouped = defaultdict(list)
        for alert in alerts:
            mentor = alert.match.mentor if alert.match_id else alert.mentor
            grouped[alert.kind].append(
                {
                    "match_id": alert.match_id,
                    "mentor": mentor.user.full_name or mentor.user.email,
                    "key": alert.key,
                }
            )
        for person in _coordinators(programme):
            send_templated_mail(
                template="mentorship/email/alerts",
                context={
                    "programme": programme.title,
                    "groups": [
                        {"label": Alert.Kind(kind).label, "items": items}
                        for kind, items in grouped.items()
                    ],
                    "count": len(alerts),
                    "url": absolute_url("mentorship:dashboard", programme.pk),
                    "name": person.full_name,
                },
                to=person.email,
                language=person.preferred_language,
                time_zone=person.time_zone,
            )
        Alert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(
            notified_at=timezone.now()
        )
    logger.info("mentorship programme %s: %s alerts sent", programme_id, len(alerts))
    return len(alerts)


def alerts_send(*, today: Date | None = None) -> int:
    """The daily job: scan every programme, then tell each programme's coordinators of what
    is new."""
    alerts_scan(today=today)
    sent = 0
    for programme_id in (
        Alert.objects.filter(notified_at__isnull=True)
        .values_list("programme_id", flat=True)
        .distinct()
    ):
        sent += alerts_notify(programme_id=programme_id)
    return sent
