"""The programme's hour cap: refused with a clear message when a shift is logged (waiting hours
count) and when a supervisor confirms one (the ledger asks social credit's guard), so confirmed
hours never pass it."""

import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lms.hours import api as hours_api
from lms.hours import services as hours_services
from lms.hours.models import HoursEntry
from lms.socialcredit import selectors
from lms.socialcredit.models import Participation, Programme
from lms.socialcredit.services import SocialCreditError
from tests.factories import OrganisationFactory, UserFactory
from tests.socialcredit.factories import (
    SHIFT_DAY,
    ProgrammeFactory,
    confirm,
    confirmed_shift,
    log_shift,
    placed_student,
    supervisor_at,
)
from tests.socialcredit.helpers import refused

pytestmark = pytest.mark.django_db

CAP_HOURS = 10
CAP = CAP_HOURS * 60


def _small_programme(**fields) -> Programme:
    return ProgrammeFactory(hour_cap=CAP_HOURS, tiers=[(5, 5000, 1), (10, 10000, 2)], **fields)


def _lower_cap(placement, hours: int) -> None:
    Programme.objects.filter(pk=placement.participation.programme_id).update(hour_cap=hours)


def _confirmed_in_ledger(placement) -> int:
    return sum(
        HoursEntry.objects.filter(
            user_id=placement.participation.user_id, status=HoursEntry.Status.CONFIRMED
        ).values_list("minutes", flat=True)
    )


# --- Logging ---------------------------------------------------------------------------------


def test_shifts_fill_the_cap_exactly_and_no_further():
    placement = placed_student(programme=_small_programme())
    confirmed_shift(placement, minutes=240)
    log_shift(placement, minutes=240)
    log_shift(placement, minutes=120)  # 10 h used: 4 confirmed, 6 waiting
    with translation.override("en"):
        error = refused(SocialCreditError, "cap", log_shift, placement=placement, minutes=1)
    assert "at most 10 hours" in error.message
    assert "0.0 h more" in error.message


def test_the_cap_message_says_how_much_is_left_in_the_persons_language():
    placement = placed_student(programme=_small_programme())
    log_shift(placement, minutes=8 * 60 + 30)
    with translation.override("en"):
        error = refused(SocialCreditError, "cap", log_shift, placement=placement, minutes=120)
    assert "10" in error.message and "1.5 h more" in error.message
    with translation.override("ru"):
        error = refused(SocialCreditError, "cap", log_shift, placement=placement, minutes=120)
    assert "10" in error.message and "1,5" in error.message
    assert log_shift(placement, minutes=90).minutes == 90


def test_a_shift_longer_than_a_day_near_the_cap_is_told_about_its_length():
    placement = placed_student(programme=_small_programme())
    log_shift(placement, minutes=9 * 60)
    refused(SocialCreditError, "too_long", log_shift, placement=placement, minutes=25 * 60)
    refused(SocialCreditError, "duration", log_shift, placement=placement, minutes=0)


def test_waiting_hours_count_and_rejected_ones_free_their_place():
    placement = placed_student(programme=_small_programme())
    first = log_shift(placement, minutes=300)
    log_shift(placement, minutes=300)
    refused(SocialCreditError, "cap", log_shift, placement=placement, minutes=60)
    hours_services.hours_reject(entry_id=first.id, actor=placement.supervisor, reason="Не было")
    assert log_shift(placement, minutes=300).status == HoursEntry.Status.SUBMITTED
    refused(SocialCreditError, "cap", log_shift, placement=placement, minutes=1)


def test_all_placements_of_a_programme_share_one_cap():
    placement = placed_student(programme=_small_programme())
    programme, student = placement.participation.programme, placement.participation.user
    second = placed_student(programme=programme, user=student)
    assert second.participation_id == placement.participation_id
    confirmed_shift(placement, minutes=400)
    log_shift(second, minutes=200)
    refused(SocialCreditError, "cap", log_shift, placement=second, minutes=1)
    refused(SocialCreditError, "cap", log_shift, placement=placement, minutes=1)


def test_other_programmes_and_other_students_do_not_count():
    placement = placed_student(programme=_small_programme())
    student = placement.participation.user
    # The same student in another programme, another student in this one, other hours.
    elsewhere = placed_student(programme=_small_programme(), user=student)
    confirmed_shift(elsewhere, minutes=CAP)
    colleague = placed_student(programme=placement.participation.programme, host=placement.host)
    confirmed_shift(colleague, minutes=CAP)
    hours_api.record_hours(
        user_id=student.pk,
        organisation_id=placement.host_id,
        date=SHIFT_DAY,
        minutes=CAP,
        description="Субботник",
        source="event",
        source_ref="event:1",
        confirmed_by_id=placement.supervisor.pk,
    )
    assert confirmed_shift(placement, minutes=CAP).minutes == CAP


# --- Confirming ------------------------------------------------------------------------------


def test_a_confirmation_past_a_lowered_cap_is_refused_and_changes_nothing():
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    entries = [log_shift(placement, minutes=240) for _ in range(3)]
    _lower_cap(placement, CAP_HOURS)
    confirm(entries[0], placement)
    confirm(entries[1], placement)
    with translation.override("en"):
        error = refused(
            hours_services.HoursError,
            "cap",
            hours_services.hours_confirm,
            entry_id=entries[2].id,
            actor=placement.supervisor,
        )
    assert "cap of 10 hours" in error.message and "2.0 h left" in error.message
    assert hours_api.get_entry(entries[2].id).status == HoursEntry.Status.SUBMITTED
    # Confirmed once the cap leaves room.
    _lower_cap(placement, 12)
    assert confirm(entries[2], placement).status == HoursEntry.Status.CONFIRMED
    assert _confirmed_in_ledger(placement) == 12 * 60


def test_no_supervisor_confirms_past_the_cap():
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    coordinator = supervisor_at(placement.host, role="coordinator")
    admin = UserFactory(is_superuser=True, is_staff=True)
    entry = log_shift(placement, minutes=CAP + 1)
    _lower_cap(placement, CAP_HOURS)
    for actor in [placement.supervisor, coordinator, admin]:
        refused(
            hours_services.HoursError,
            "cap",
            hours_services.hours_confirm,
            entry_id=entry.id,
            actor=actor,
        )
    hours_services.hours_reject(entry_id=entry.id, actor=coordinator, reason="Слишком много")
    assert _confirmed_in_ledger(placement) == 0


def test_recording_hours_confirmed_at_once_is_held_to_the_cap_too():
    placement = placed_student(programme=_small_programme())
    confirmed_shift(placement, minutes=CAP - 60)
    shift = {
        "user_id": placement.participation.user_id,
        "organisation_id": placement.host_id,
        "date": SHIFT_DAY,
        "description": "Смена",
        "source": selectors.PRACTICE,
        "source_ref": f"{placement.shift_prefix}direct",
    }
    refused(
        hours_services.HoursError,
        "cap",
        hours_api.record_hours,
        minutes=61,
        confirmed_by_id=placement.supervisor.pk,
        **shift,
    )
    refused(
        hours_services.HoursError,
        "cap",
        hours_api.record_hours,
        minutes=61,
        status="confirmed",
        **shift,
    )
    hours_api.record_hours(minutes=60, confirmed_by_id=placement.supervisor.pk, **shift)
    assert _confirmed_in_ledger(placement) == CAP


def test_the_guard_leaves_other_hours_alone():
    placement = placed_student(programme=_small_programme())
    confirmed_shift(placement, minutes=CAP)
    student, supervisor = placement.participation.user, placement.supervisor
    for source, ref in [
        ("event", f"{placement.shift_prefix}x"),  # not practice
        (selectors.PRACTICE, "internship:1"),  # practice recorded by another app
        (selectors.PRACTICE, "sc987654:pl1:x"),  # no such participation
    ]:
        entry = hours_api.record_hours(
            user_id=student.pk,
            organisation_id=placement.host_id,
            date=SHIFT_DAY,
            minutes=60,
            description="Другое",
            source=source,
            source_ref=ref,
        )
        assert confirm(entry, placement).status == HoursEntry.Status.CONFIRMED
    # A reference naming another student's participation does not count against either cap.
    colleague = placed_student(programme=placement.participation.programme, host=placement.host)
    entry = hours_api.record_hours(
        user_id=student.pk,
        organisation_id=placement.host_id,
        date=SHIFT_DAY,
        minutes=60,
        description="Чужая ссылка",
        source=selectors.PRACTICE,
        source_ref=f"{colleague.shift_prefix}x",
    )
    assert hours_services.hours_confirm(entry_id=entry.id, actor=supervisor).status == "confirmed"
    totals = selectors.shift_minutes(placement.participation_id, student.pk)
    assert totals["confirmed"] == CAP
    assert selectors.shift_minutes(colleague.participation_id, colleague.participation.user_id) == {
        "confirmed": 0,
        "submitted": 0,
        "rejected": 0,
    }


def test_rejecting_is_never_held_to_the_cap():
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    entry = log_shift(placement, minutes=CAP + 60)
    _lower_cap(placement, 1)
    rejected = hours_services.hours_reject(
        entry_id=entry.id, actor=placement.supervisor, reason="Не подтверждаю"
    )
    assert rejected.status == HoursEntry.Status.REJECTED


# --- Any sequence of actions (hypothesis) ------------------------------------------------------

minutes = st.one_of(
    st.integers(min_value=30, max_value=6 * 60),
    st.sampled_from([1, 59, CAP - 1, CAP, CAP + 1, 24 * 60]),
)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("log"), minutes),
        st.tuples(st.just("confirm"), st.integers(min_value=0, max_value=40)),
        st.tuples(st.just("confirm"), st.integers(min_value=0, max_value=40)),  # twice as often
        st.tuples(st.just("reject"), st.integers(min_value=0, max_value=40)),
    ),
    max_size=25,
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(backlog=st.lists(minutes, max_size=8), actions=actions)
def test_confirmed_hours_never_pass_the_cap_whatever_happens(backlog, actions):
    """Shifts waiting from before the cap was lowered (``backlog``), then any sequence of
    shifts logged by the student and confirmations and rejections by supervisors of the host.
    Each outcome is the one the rules predict, and after each step the confirmed total stays
    within the cap and equals the sum of the ledger's confirmed entries."""
    host = OrganisationFactory()
    supervisors = [supervisor_at(host, password=None), supervisor_at(host, password=None)]
    placement = placed_student(
        programme=ProgrammeFactory(hour_cap=8 * 24, tiers=[(5, 5000, 1)]),  # room for the backlog
        host=host,
        supervisor=supervisors[0],
        user=UserFactory(password=None),
    )
    participation = placement.participation
    entries = [log_shift(placement, minutes=shift) for shift in backlog]
    _lower_cap(placement, CAP_HOURS)
    status = {entry.id: HoursEntry.Status.SUBMITTED for entry in entries}
    size = {entry.id: entry.minutes for entry in entries}

    def total(wanted: str) -> int:
        return sum(size[pk] for pk, now in status.items() if now == wanted)

    def check() -> None:
        ledger = dict(
            HoursEntry.objects.filter(
                user_id=participation.user_id, source=selectors.PRACTICE
            ).values_list("pk", "status")
        )
        assert ledger == status
        confirmed = sum(
            HoursEntry.objects.filter(
                pk__in=list(status), status=HoursEntry.Status.CONFIRMED
            ).values_list("minutes", flat=True)
        )
        assert confirmed == total("confirmed") <= CAP
        progress = selectors.progress(Participation.objects.get(pk=participation.pk))
        assert (progress.confirmed, progress.submitted) == (confirmed, total("submitted"))

    for step, (action, value) in enumerate(actions):
        actor = supervisors[step % 2]
        if action == "log":
            fits = total("confirmed") + total("submitted") + value <= CAP
            event("shift fits" if fits else "shift refused: cap")
            try:
                entry = log_shift(placement, minutes=value)
            except SocialCreditError as error:
                assert not fits and error.code == "cap", (error.code, error.message)
            else:
                assert fits
                status[entry.id], size[entry.id] = HoursEntry.Status.SUBMITTED, value
                entries.append(entry)
        elif entries:
            entry = entries[value % len(entries)]
            if status[entry.id] != HoursEntry.Status.SUBMITTED:
                expected = "decided"
            elif action == "confirm" and total("confirmed") + entry.minutes > CAP:
                expected = "cap"
            else:
                expected = "confirmed" if action == "confirm" else "rejected"
            event(f"{action}: {expected}")
            try:
                if action == "confirm":
                    hours_services.hours_confirm(entry_id=entry.id, actor=actor)
                else:
                    hours_services.hours_reject(
                        entry_id=entry.id, actor=actor, reason="Нет отметки"
                    )
            except hours_services.HoursError as error:
                assert error.code == expected, (error.code, error.message)
            else:
                assert expected in ("confirmed", "rejected"), expected
                status[entry.id] = expected
        check()

    progress = selectors.progress(Participation.objects.get(pk=participation.pk))
    assert progress.cap_minutes == CAP
    assert progress.confirmed == total("confirmed") <= CAP
    assert progress.rejected == total("rejected")
    assert progress.left == max(0, CAP - total("confirmed") - total("submitted"))
