"""Operations that change the hours ledger. Each write is one transaction.

Refusals raise :class:`HoursError` with a message in the user's language and change nothing.
A decision is taken once: the entry's row is locked and changed only while it is still
submitted, so a double click or two supervisors at once decide once. Signals and the e-mail to
the person go out after the decision commits.
"""

import logging
from datetime import date as Date
from datetime import datetime
from smtplib import SMTPException
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms import extensions
from lms.accounts.api import user_time_zone
from lms.accounts.models import Organisation, User
from lms.web import absolute_url, send_templated_mail

from . import selectors
from .models import MAX_MINUTES, HoursEntry, SupervisorDigest
from .signals import hours_confirmed, hours_rejected

logger = logging.getLogger(__name__)

DESCRIPTION_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 1000
SOURCE_REF_MAX_LENGTH = 100
# The supervisors' daily digest goes out from this hour of the person's own day.
DIGEST_HOUR = 8


class HoursError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def check_duration(minutes: int) -> None:
    """More than zero, at most 24 hours (a longer activity is logged day by day)."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise HoursError(_("Enter how long the activity took."), "duration")
    if minutes > MAX_MINUTES:
        raise HoursError(
            _("One entry holds at most 24 hours. Log a longer activity day by day."), "too_long"
        )


def check_date(date: Date, *, today: Date | None = None) -> None:
    """A day that has come (in the reader's time zone, unless ``today`` says otherwise)."""
    if not isinstance(date, Date):
        raise HoursError(_("Enter the date of the activity."), "date")
    if date > (today or timezone.localdate()):
        raise HoursError(_("Hours cannot be logged for a day that has not come yet."), "future")


def clean_description(description: str) -> str:
    """The description, trimmed; refused when empty or over-long."""
    description = (description or "").strip()
    if not description:
        raise HoursError(_("Say briefly what you did."), "description")
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise HoursError(
            _("The description is too long: at most %(limit)s characters.")
            % {"limit": DESCRIPTION_MAX_LENGTH},
            "description_too_long",
        )
    return description


def hours_validate(*, date: Date, minutes: int, description: str, today: Date | None = None) -> str:
    """Check what a person or an app says about an activity (duration, date, description);
    return the description, trimmed."""
    check_duration(minutes)
    check_date(date, today=today)
    return clean_description(description)


def _check_source(source: str) -> None:
    if source not in HoursEntry.Source.values:
        raise HoursError(_("Unknown kind of activity."), "source")


def _check_may_decide(*, actor, entry: HoursEntry) -> None:
    if actor is None or not actor.is_authenticated:
        raise HoursError(_("Sign in to confirm hours."), "forbidden")
    if actor.pk == entry.user_id:
        raise HoursError(
            _("Nobody confirms their own hours: a supervisor of the organisation does."), "own"
        )
    if not selectors.may_decide(actor=actor, entry=entry):
        raise HoursError(
            _(
                "You can confirm or reject hours only at organisations where you are a "
                "supervisor or a coordinator."
            ),
            "forbidden",
        )


def _check_guards(entry: HoursEntry, status: str) -> None:
    """Let the apps that count hours (``hours_decision`` slot, e.g. a social-credit cap)
    refuse a confirmation. Called inside the transaction that takes it, after the entry is
    locked; a guard raises :class:`HoursError` to refuse."""
    extensions.collect(
        "hours_decision",
        user_id=entry.user_id,
        source=entry.source,
        source_ref=entry.source_ref,
        minutes=entry.minutes,
        status=status,
    )


def _announce(entry: HoursEntry, *, notify: bool) -> None:
    """After the decision commits: send the signal and, if asked, e-mail the person."""
    signal = hours_confirmed if entry.status == HoursEntry.Status.CONFIRMED else hours_rejected
    payload = {
        "entry_id": entry.pk,
        "user_id": entry.user_id,
        "organisation_id": entry.organisation_id,
        "minutes": entry.minutes,
    }
    transaction.on_commit(lambda: signal.send_robust(sender=HoursEntry, **payload))
    if notify:
        from .tasks import notify_decision

        notify_decision.delay_on_commit(entry.pk)


def hours_submit(
    *,
    user: User,
    organisation: Organisation | None,
    date: Date,
    minutes: int,
    description: str,
    source: str = HoursEntry.Source.EVENT,
    evidence: File | None = None,
    today: Date | None = None,
) -> HoursEntry:
    """A person logs an activity; it waits for a supervisor or coordinator of the
    organisation."""
    description = hours_validate(date=date, minutes=minutes, description=description, today=today)
    _check_source(source)
    if organisation is not None and not organisation.is_active:
        raise HoursError(_("This organisation no longer accepts hours."), "organisation")
    with transaction.atomic():
        entry = HoursEntry(
            user=user,
            organisation=organisation,
            date=date,
            minutes=minutes,
            description=description,
            source=source,
        )
        if evidence:
            entry.evidence = evidence
        entry.save()
    return entry


def hours_record(
    *,
    user_id: int,
    organisation_id: int | None,
    date: Date,
    minutes: int,
    description: str,
    source: str,
    source_ref: str,
    confirmed_by_id: int | None = None,
    status: str | None = None,
    evidence: File | None = None,
    today: Date | None = None,
) -> HoursEntry:
    """An app writes an activity into the ledger, once per ``(user, source, source_ref)``: a
    second call with the same reference returns the entry the first one made (a database
    constraint keeps one under concurrent calls and task retries).

    The entry waits for confirmation like one the person submitted, unless:

    - ``confirmed_by_id`` names who confirms it: that person must be allowed to, as in
      :func:`hours_confirm` (a supervisor or coordinator of the organisation, or an
      administrator; never the person themselves);
    - ``status="confirmed"`` without ``confirmed_by_id``: the recording app vouches for an
      activity the platform itself witnessed (a webinar delivered, its attendance recorded);
      the entry is confirmed with nobody named as the decider.

    A confirmed entry sends ``hours_confirmed`` after commit; the recording app tells the
    person in its own words, so no e-mail goes out.
    """
    source_ref = (source_ref or "").strip()
    if not source_ref or len(source_ref) > SOURCE_REF_MAX_LENGTH:
        raise HoursError(_("An app must give each entry it records a reference."), "source_ref")
    _check_source(source)
    status = status or (
        HoursEntry.Status.CONFIRMED if confirmed_by_id is not None else HoursEntry.Status.SUBMITTED
    )
    if status not in (HoursEntry.Status.SUBMITTED, HoursEntry.Status.CONFIRMED) or (
        status == HoursEntry.Status.SUBMITTED and confirmed_by_id is not None
    ):
        raise HoursError(_("An app records hours as submitted or as confirmed."), "status")
    existing = HoursEntry.objects.filter(
        user_id=user_id, source=source, source_ref=source_ref
    ).first()
    if existing is not None:
        return existing
    description = hours_validate(date=date, minutes=minutes, description=description, today=today)
    if not User.objects.filter(pk=user_id).exists():
        raise HoursError(_("There is no such person."), "user")
    if organisation_id is not None and not Organisation.objects.filter(pk=organisation_id).exists():
        raise HoursError(_("There is no such organisation."), "organisation")
    entry = HoursEntry(
        user_id=user_id,
        organisation_id=organisation_id,
        date=date,
        minutes=minutes,
        description=description,
        source=source,
        source_ref=source_ref,
    )
    if evidence:
        entry.evidence = evidence
    if confirmed_by_id is not None:
        confirmer = User.objects.filter(pk=confirmed_by_id).first()
        _check_may_decide(actor=confirmer, entry=entry)
        entry.decided_by = confirmer
    if status == HoursEntry.Status.CONFIRMED:
        entry.status = HoursEntry.Status.CONFIRMED
        entry.decided_at = timezone.now()
    try:
        with transaction.atomic():
            if entry.status == HoursEntry.Status.CONFIRMED:
                _check_guards(entry, entry.status)
            entry.save()
            if entry.status == HoursEntry.Status.CONFIRMED:
                _announce(entry, notify=False)
    except IntegrityError:
        # A concurrent call with the same reference won; the unique constraint kept its entry.
        existing = HoursEntry.objects.filter(
            user_id=user_id, source=source, source_ref=source_ref
        ).first()
        if existing is None:
            raise
        return existing
    return entry


def _decide(*, entry_id: int, actor, status: str, reason: str = "") -> HoursEntry:
    with transaction.atomic():
        entry = HoursEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise HoursError(_("There is no such entry."), "not_found")
        _check_may_decide(actor=actor, entry=entry)
        if entry.status != HoursEntry.Status.SUBMITTED:
            raise HoursError(_("These hours have already been decided on."), "decided")
        if status == HoursEntry.Status.CONFIRMED:
            _check_guards(entry, status)
        now = timezone.now()
        # Changed only while still submitted: of two deciders at once, one wins.
        won = HoursEntry.objects.filter(pk=entry.pk, status=HoursEntry.Status.SUBMITTED).update(
            status=status, rejection_reason=reason, decided_by=actor, decided_at=now
        )
        if not won:
            raise HoursError(_("These hours have already been decided on."), "decided")
        entry.status, entry.rejection_reason = status, reason
        entry.decided_by, entry.decided_at = actor, now
        _announce(entry, notify=True)
    return entry


def hours_confirm(*, entry_id: int, actor: User) -> HoursEntry:
    """A supervisor or coordinator of the entry's organisation (or an administrator) confirms
    submitted hours; never their own."""
    return _decide(entry_id=entry_id, actor=actor, status=HoursEntry.Status.CONFIRMED)


def hours_reject(*, entry_id: int, actor: User, reason: str) -> HoursEntry:
    """As :func:`hours_confirm`, rejecting; the person is told the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise HoursError(_("Say why the hours are rejected."), "reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise HoursError(
            _("The reason is too long: at most %(limit)s characters.")
            % {"limit": REASON_MAX_LENGTH},
            "reason_too_long",
        )
    return _decide(entry_id=entry_id, actor=actor, status=HoursEntry.Status.REJECTED, reason=reason)


def hours_notify(*, entry_id: int) -> bool:
    """E-mail the person the decision on their entry, in their own language; once per entry.

    The entry is marked notified in the same transaction that sends the e-mail: if sending
    fails the mark is undone and the task's retry sends it; a second run finds the mark.
    """
    with transaction.atomic():
        claimed = (
            HoursEntry.objects.filter(pk=entry_id, notified_at__isnull=True)
            .exclude(status=HoursEntry.Status.SUBMITTED)
            .update(notified_at=timezone.now())
        )
        if not claimed:
            return False
        entry = HoursEntry.objects.select_related("user", "organisation", "decided_by").get(
            pk=entry_id
        )
        language = entry.user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            hours_url = absolute_url("hours:mine")
        send_templated_mail(
            template="hours/email/decision",
            context={
                "entry": entry,
                "confirmed": entry.status == HoursEntry.Status.CONFIRMED,
                "hours_url": hours_url,
            },
            to=entry.user.email,
            language=language,
        )
    return True


def _local_time(user: User, now: datetime) -> tuple[ZoneInfo, datetime]:
    zone = ZoneInfo(user_time_zone(user))
    return zone, timezone.localtime(now, zone)


def hours_send_digest(*, user_id: int, now: datetime | None = None) -> bool:
    """E-mail one person who confirms hours what waits for them: at each organisation where
    they confirm, how many entries and hours and since which date (never their own entries),
    with the link to the confirmation page; in their language and time zone. Once per day of
    theirs, from :data:`DIGEST_HOUR` their time; nothing waiting, no e-mail. True if sent.

    The day's row is claimed and the e-mail sent in one transaction: a run at the same moment
    waits on the claim and then finds it taken; a failed send leaves no claim, so the next run
    tries again.
    """
    now = now or timezone.now()
    user = User.objects.select_related("region").filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    zone, local = _local_time(user, now)
    if local.hour < DIGEST_HOUR:
        return False
    rows = [
        {
            "name": row["organisation__name"],
            "entries": row["entries"],
            "minutes": row["minutes"],
            "oldest": row["oldest"],
        }
        for row in selectors.waiting_by_organisation(actor=user)
    ]
    if not rows:
        return False
    entries = sum(row["entries"] for row in rows)
    minutes = sum(row["minutes"] for row in rows)
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        confirm_url = absolute_url("hours:confirm")
    try:
        with transaction.atomic():
            SupervisorDigest.objects.create(
                user=user, day=local.date(), entries=entries, minutes=minutes
            )
            send_templated_mail(
                template="hours/email/digest",
                context={
                    "person": user,
                    "rows": rows,
                    "entries": entries,
                    "minutes": minutes,
                    "confirm_url": confirm_url,
                },
                to=user.email,
                language=language,
                time_zone=zone,
            )
    except IntegrityError:
        return False  # this day's digest went out already (or is going out right now)
    return True


def hours_send_digests(*, now: datetime | None = None) -> int:
    """Send the day's digest to everyone who has hours waiting for them and has not had it
    today (run by beat every hour, so each gets it soon after :data:`DIGEST_HOUR` their
    time). A failed e-mail is logged and tried again at the next run; the others still go.
    Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for user in selectors.digest_candidates():
        _zone, local = _local_time(user, now)
        if local.hour < DIGEST_HOUR or (user.last_digest and user.last_digest >= local.date()):
            continue
        try:
            if hours_send_digest(user_id=user.pk, now=now):
                sent += 1
        except (SMTPException, OSError):
            logger.exception("Hours digest to user %s not sent; the next run tries again", user.pk)
    return sent
