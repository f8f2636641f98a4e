"""Operations of social credit. Each is one transaction; refusals raise
:class:`SocialCreditError` with a message in the user's language and change nothing.

The cap: a participation's row is locked while its hours are counted, both when a shift is
logged (hours waiting for confirmation count against the cap, so what is confirmed later fits)
and when a supervisor confirms one (through the ledger's ``hours_decision`` slot, see
:func:`guard`), so concurrent shifts and confirmations queue instead of overrunning it.
"""

import re
import secrets
from datetime import date as Date

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts.models import Organisation, User
from lms.hours import api as hours
from lms.web import absolute_url, send_templated_mail

from . import selectors
from .models import Participation, Placement, Programme

STUDENT_ID_MAX_LENGTH = 40
TEXT_MAX_LENGTH = 2000
_SHIFT_REF = re.compile(r"^sc(?P<participation>\d+):")


class SocialCreditError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _clean_text(text: str, *, required_message: str | None, code: str) -> str:
    text = (text or "").strip()
    if not text and required_message:
        raise SocialCreditError(required_message, code)
    if len(text) > TEXT_MAX_LENGTH:
        raise SocialCreditError(
            _("The text is too long: at most %(limit)s characters.") % {"limit": TEXT_MAX_LENGTH},
            f"{code}_too_long",
        )
    return text


def clean_student_id(student_id: str) -> str:
    student_id = " ".join((student_id or "").split())
    if not student_id:
        raise SocialCreditError(_("Enter your student ID."), "student_id")
    if not student_id.isprintable():
        raise SocialCreditError(_("A student ID is letters, digits and signs only."), "student_id")
    if len(student_id) > STUDENT_ID_MAX_LENGTH:
        raise SocialCreditError(
            _("A student ID has at most %(limit)s characters.") % {"limit": STUDENT_ID_MAX_LENGTH},
            "student_id",
        )
    return student_id


# --- Applying and placing ------------------------------------------------------------


def placement_apply(
    *,
    user: User,
    programme: Programme,
    university: Organisation,
    student_id: str,
    host: Organisation,
    motivation: str = "",
    today: Date | None = None,
) -> Placement:
    """A student applies to a host organisation of a programme; joining the programme with
    their university and student ID the first time."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        raise SocialCreditError(_("Sign in to apply."), "forbidden")
    if not programme.is_open or programme.ends_on < today:
        raise SocialCreditError(_("This programme no longer accepts applications."), "closed")
    # Read from the database: a programme's ParentalManyToMany lists live in memory until saved.
    if not Organisation.objects.filter(
        pk=university.pk, social_credit_universities=programme
    ).exists():
        raise SocialCreditError(
            _("This university does not take part in the programme."), "university"
        )
    if (
        not host.is_active
        or not Organisation.objects.filter(pk=host.pk, social_credit_hosts=programme).exists()
    ):
        raise SocialCreditError(
            _("This organisation does not host students in the programme."), "host"
        )
    student_id = clean_student_id(student_id)
    motivation = _clean_text(motivation, required_message=None, code="motivation")
    try:
        with transaction.atomic():
            participation, created = Participation.objects.get_or_create(
                user=user,
                programme=programme,
                defaults={"university": university, "student_id": student_id},
            )
            if not created and (
                participation.university_id != university.pk
                or participation.student_id != student_id
            ):
                if selectors.shift_minutes(participation.pk, user.pk)["confirmed"]:
                    raise SocialCreditError(
                        _(
                            "Your university and student ID in this programme are already "
                            "on confirmed hours. Ask the programme coordinator to change them."
                        ),
                        "university_fixed",
                    )
                participation.university, participation.student_id = university, student_id
                participation.save(update_fields=["university", "student_id"])
            placement = Placement.objects.create(
                participation=participation, host=host, motivation=motivation
            )
            from .tasks import notify_application

            notify_application.delay_on_commit(placement.pk)
            return placement
    except IntegrityError:
        raise SocialCreditError(
            _("You have already applied to this organisation in this programme."), "duplicate"
        ) from None


def _locked_placement(placement_id: int) -> Placement:
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("participation", "participation__programme", "host")
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:
        raise SocialCreditError(_("There is no such placement."), "not_found")
    return placement


def _check_host_staff(*, actor: User, placement: Placement) -> None:
    if actor is None or not actor.is_authenticated:
        raise SocialCreditError(_("Sign in first."), "forbidden")
    if actor.pk == placement.participation.user_id:
        raise SocialCreditError(_("A student does not decide on their own placement."), "own")
    if not selectors.is_host_staff(user=actor, host_id=placement.host_id):
        raise SocialCreditError(
            _("Only a supervisor or coordinator of the host organisation can do this."),
            "forbidden",
        )


def placement_accept(
    *,
    placement_id: int,
    actor: User,
    supervisor: User,
    starts_on: Date | None = None,
) -> Placement:
    """The host accepts an application and names the student's supervisor (one of its
    supervisors or coordinators)."""
    with transaction.atomic():
        placement = _locked_placement(placement_id)
        _check_host_staff(actor=actor, placement=placement)
        if placement.status != Placement.Status.APPLIED:
            raise SocialCreditError(_("This application has already been answered."), "decided")
        if (
            supervisor is None
            or not selectors.host_supervisors(host_id=placement.host_id)
            .filter(pk=supervisor.pk)
            .exists()
        ):
            raise SocialCreditError(
                _("The supervisor must be a supervisor or coordinator of the organisation."),
                "supervisor",
            )
        if supervisor.pk == placement.participation.user_id:
            raise SocialCreditError(_("A student cannot supervise themselves."), "supervisor")
        programme = placement.participation.programme
        starts_on = starts_on or max(timezone.localdate(), programme.starts_on)
        if not programme.starts_on <= starts_on <= programme.ends_on:
            raise SocialCreditError(
                _("The practice must start within the programme's period."), "starts_on"
            )
        placement.status = Placement.Status.ACCEPTED
        placement.supervisor = supervisor
        placement.starts_on = starts_on
        placement.decided_by, placement.decided_at = actor, timezone.now()
        placement.save(
            update_fields=["status", "supervisor", "starts_on", "decided_by", "decided_at"]
        )
        _notify_student(placement)
    return placement


def placement_decline(*, placement_id: int, actor: User, reason: str) -> Placement:
    reason = _clean_text(reason, required_message=_("Say why."), code="reason")
    with transaction.atomic():
        placement = _locked_placement(placement_id)
        _check_host_staff(actor=actor, placement=placement)
        if placement.status != Placement.Status.APPLIED:
            raise SocialCreditError(_("This application has already been answered."), "decided")
        placement.status = Placement.Status.DECLINED
        placement.decline_reason = reason
        placement.decided_by, placement.decided_at = actor, timezone.now()
        placement.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        _notify_student(placement)
    return placement


def placement_withdraw(*, placement_id: int, actor: User) -> Placement:
    """The student takes back an application the host has not answered."""
    with transaction.atomic():
        placement = _locked_placement(placement_id)
        if actor is None or actor.pk != placement.participation.user_id:
            raise SocialCreditError(_("Only the student can withdraw an application."), "forbidden")
        if placement.status != Placement.Status.APPLIED:
            raise SocialCreditError(_("This application has already been answered."), "decided")
        placement.status = Placement.Status.WITHDRAWN
        placement.save(update_fields=["status"])
    return placement


def placement_finish(*, placement_id: int, actor: User) -> Placement:
    """The host ends a placement: no more shifts; those logged can still be decided on."""
    with transaction.atomic():
        placement = _locked_placement(placement_id)
        _check_host_staff(actor=actor, placement=placement)
        if placement.status != Placement.Status.ACCEPTED:
            raise SocialCreditError(_("Only a running placement can be finished."), "status")
        placement.status = Placement.Status.FINISHED
        placement.save(update_fields=["status"])
    return placement


def placement_feedback(*, placement_id: int, actor: User, feedback: str) -> Placement:
    """The supervisor (or a coordinator of the host) writes about the student's work; the
    student sees it in their volunteer book."""
    feedback = _clean_text(feedback, required_message=_("Write the feedback."), code="feedback")
    with transaction.atomic():
        placement = _locked_placement(placement_id)
        _check_host_staff(actor=actor, placement=placement)
        if placement.status not in (Placement.Status.ACCEPTED, Placement.Status.FINISHED):
            raise SocialCreditError(_("Feedback is given on an accepted placement."), "status")
        placement.feedback = feedback
        placement.feedback_by, placement.feedback_at = actor, timezone.now()
        placement.save(update_fields=["feedback", "feedback_by", "feedback_at"])
    return placement


def _notify_student(placement: Placement) -> None:
    from .tasks import notify_placement_decision

    notify_placement_decision.delay_on_commit(placement.pk)


# --- Shifts and the cap ----------------------------------------------------------------


def _cap_message(*, cap_hours: int, left: int) -> str:
    return _(
        "The programme counts at most %(cap)s hours a year. You can log %(left)s h more "
        "(hours waiting for confirmation count too)."
    ) % {"cap": cap_hours, "left": hours.format_hours(left)}


def shift_log(
    *,
    placement_id: int,
    actor: User,
    date: Date,
    minutes: int,
    description: str,
    evidence: File | None = None,
) -> hours.HoursEntryData:
    """The student logs a practice shift at their placement; it waits for the supervisor.
    Refused beyond the programme's cap (hours waiting for confirmation count against it)."""
    with transaction.atomic():
        # Locked, so that a host finishing the placement at this moment waits for the shift.
        placement = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("participation__programme", "host")
            .filter(pk=placement_id)
            .first()
        )
        if placement is None:
            raise SocialCreditError(_("There is no such placement."), "not_found")
        if actor is None or actor.pk != placement.participation.user_id:
            raise SocialCreditError(_("Only the student logs their shifts."), "forbidden")
        if placement.status != Placement.Status.ACCEPTED:
            raise SocialCreditError(
                _("Shifts are logged while the placement is running."), "status"
            )
        programme = placement.participation.programme
        first_day = max(programme.starts_on, placement.starts_on or programme.starts_on)
        if isinstance(date, Date) and not first_day <= date <= programme.ends_on:
            raise SocialCreditError(
                _("The shift must fall between %(first)s and %(last)s.")
                % {"first": _date(first_day), "last": _date(programme.ends_on)},
                "date",
            )
        # Lock the participation: concurrent shifts and confirmations count one at a time.
        participation = Participation.objects.select_for_update().get(pk=placement.participation_id)
        counted = selectors.shift_minutes(participation.pk, participation.user_id)
        used = counted["confirmed"] + counted["submitted"]
        cap = programme.hour_cap * 60
        # A duration out of range gets the ledger's own message below, not the cap's.
        within_a_day = isinstance(minutes, int) and 0 < minutes <= hours.MAX_MINUTES
        if within_a_day and used + minutes > cap:
            raise SocialCreditError(
                _cap_message(cap_hours=programme.hour_cap, left=max(0, cap - used)), "cap"
            )
        try:
            return hours.record_hours(
                user_id=participation.user_id,
                organisation_id=placement.host_id,
                date=date,
                minutes=minutes,
                description=description,
                source=selectors.PRACTICE,
                source_ref=f"{placement.shift_prefix}{secrets.token_hex(6)}",
                evidence=evidence,
            )
        except hours.HoursError as error:
            raise SocialCreditError(error.message, error.code) from None


def _date(day: Date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def guard(*, user_id: int, source: str, source_ref: str, minutes: int, status: str) -> None:
    """Provider of the ledger's ``hours_decision`` slot: a shift of a participation is
    confirmed only while the confirmed hours stay within the programme's cap. Runs inside the
    ledger's transaction; the participation's row stays locked until it commits."""
    match = _SHIFT_REF.match(source_ref or "")
    if source != selectors.PRACTICE or match is None or status != "confirmed":
        return
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("programme")
        .filter(pk=int(match["participation"]), user_id=user_id)
        .first()
    )
    if participation is None:
        return
    confirmed = selectors.shift_minutes(participation.pk, user_id)["confirmed"]
    cap = participation.programme.hour_cap * 60
    if confirmed + minutes > cap:
        raise hours.HoursError(
            _(
                "Confirming these hours would take the student past the programme's cap of "
                "%(cap)s hours a year (%(left)s h left)."
            )
            % {
                "cap": participation.programme.hour_cap,
                "left": hours.format_hours(max(0, cap - confirmed)),
            },
            "cap",
        )


# --- E-mails ---------------------------------------------------------------------------


def placement_notify_host(*, placement_id: int) -> int:
    """Tell the host's supervisors and coordinators, each in their language, that a student
    applied; once per application. Returns how many were told."""
    with transaction.atomic():
        claimed = Placement.objects.filter(pk=placement_id, host_notified_at__isnull=True).update(
            host_notified_at=timezone.now()
        )
        if not claimed:
            return 0
        placement = Placement.objects.select_related(
            "participation__user", "participation__programme", "host"
        ).get(pk=placement_id)
        staff = selectors.host_supervisors(host_id=placement.host_id)
        for person in staff:
            language = person.preferred_language or settings.LANGUAGE_CODE
            with translation.override(language):
                url = absolute_url("socialcredit:placement", placement.pk)
            send_templated_mail(
                template="socialcredit/email/application",
                context={"placement": placement, "url": url},
                to=person.email,
                language=language,
            )
        return len(staff)


def placement_notify_student(*, placement_id: int) -> bool:
    """Tell the student the host's answer, in their language; once per answer."""
    with transaction.atomic():
        placement = Placement.objects.select_for_update().filter(pk=placement_id).first()
        if (
            placement is None
            or placement.status not in (Placement.Status.ACCEPTED, Placement.Status.DECLINED)
            or placement.student_notified_status == placement.status
        ):
            return False
        placement.student_notified_status = placement.status
        placement.save(update_fields=["student_notified_status"])
        placement = Placement.objects.select_related(
            "participation__user", "participation__programme", "host", "supervisor"
        ).get(pk=placement_id)
        student = placement.participation.user
        language = student.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            url = absolute_url("socialcredit:placement", placement.pk)
        send_templated_mail(
            template="socialcredit/email/decision",
            context={
                "placement": placement,
                "accepted": placement.status == Placement.Status.ACCEPTED,
                "url": url,
            },
            to=student.email,
            language=language,
        )
    return True
