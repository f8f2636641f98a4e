"""The cap holds when shifts are logged and confirmed at the same moment (PostgreSQL: each
thread has its own connection and transaction, as web processes do)."""

import pytest

from lms.hours import services as hours_services
from lms.hours.models import HoursEntry
from lms.socialcredit import selectors
from lms.socialcredit.models import Programme
from lms.socialcredit.services import SocialCreditError
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.socialcredit.factories import (
    ProgrammeFactory,
    log_shift,
    placed_student,
    supervisor_at,
)

pytestmark = pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)

CAP_HOURS = 10


def _ledger(placement) -> dict[str, list[int]]:
    """The placement's shifts in the ledger, minutes by status."""
    rows = HoursEntry.objects.filter(
        user_id=placement.participation.user_id,
        source=selectors.PRACTICE,
        source_ref__startswith=placement.shift_prefix,
    ).values_list("status", "minutes")
    minutes: dict[str, list[int]] = {"submitted": [], "confirmed": [], "rejected": []}
    for status, amount in rows:
        minutes[status].append(amount)
    return minutes


def test_shifts_logged_at_once_stop_at_the_cap(pristine_db):
    placement = placed_student(programme=ProgrammeFactory(hour_cap=CAP_HOURS))
    outcomes: list[str] = []

    def log(_n):
        try:
            log_shift(placement, minutes=180)  # 3 h fits alone; six of them do not
            outcomes.append("logged")
        except SocialCreditError as error:
            outcomes.append(error.code)

    assert run_together(log, [(n,) for n in range(6)]) == []
    assert sorted(outcomes) == ["cap"] * 3 + ["logged"] * 3
    assert _ledger(placement)["submitted"] == [180, 180, 180]


def test_confirmations_at_once_by_two_supervisors_stop_at_the_cap(pristine_db):
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    supervisors = [placement.supervisor, supervisor_at(placement.host)]
    # Logged while the cap was higher; then the programme lowered it.
    entries = [log_shift(placement, minutes=180) for _ in range(6)]
    Programme.objects.filter(pk=placement.participation.programme_id).update(hour_cap=CAP_HOURS)
    outcomes: list[str] = []

    def decide(entry_id, actor):
        try:
            hours_services.hours_confirm(entry_id=entry_id, actor=actor)
            outcomes.append("confirmed")
        except hours_services.HoursError as error:
            outcomes.append(error.code)

    calls = [(entry.id, supervisors[index % 2]) for index, entry in enumerate(entries)]
    assert run_together(decide, calls) == []
    # Exactly as many as fit (3 × 3 h ≤ 10 h) win; the rest are told of the cap.
    assert sorted(outcomes) == ["cap"] * 3 + ["confirmed"] * 3
    ledger = _ledger(placement)
    assert ledger["confirmed"] == [180, 180, 180]
    assert ledger["submitted"] == [180, 180, 180]
    assert sum(ledger["confirmed"]) <= CAP_HOURS * 60


def test_confirmations_of_different_sizes_at_once_never_pass_the_cap(pristine_db):
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    supervisors = [placement.supervisor, supervisor_at(placement.host)]
    sizes = [240, 240, 240, 120, 120, 60]  # 17 h waiting against a cap of 10 h
    entries = [log_shift(placement, minutes=size) for size in sizes]
    Programme.objects.filter(pk=placement.participation.programme_id).update(hour_cap=CAP_HOURS)
    refused: list[int] = []

    def decide(entry, actor):
        try:
            hours_services.hours_confirm(entry_id=entry.id, actor=actor)
        except hours_services.HoursError as error:
            assert error.code == "cap"
            refused.append(entry.minutes)

    assert (
        run_together(
            decide, [(entry, supervisors[index % 2]) for index, entry in enumerate(entries)]
        )
        == []
    )
    confirmed = _ledger(placement)["confirmed"]
    assert sum(confirmed) <= CAP_HOURS * 60
    assert sorted(confirmed + refused) == sorted(sizes)
    # Whichever came first, no refused shift would have fitted in the end.
    assert all(sum(confirmed) + size > CAP_HOURS * 60 for size in refused)


def test_shifts_and_confirmations_at_once_keep_to_the_cap(pristine_db):
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    entries = [log_shift(placement, minutes=240) for _ in range(3)]  # 12 h waiting
    Programme.objects.filter(pk=placement.participation.programme_id).update(hour_cap=CAP_HOURS)
    outcomes: list[str] = []

    def act(kind, entry_id):
        try:
            if kind == "confirm":
                hours_services.hours_confirm(entry_id=entry_id, actor=placement.supervisor)
            else:
                log_shift(placement, minutes=60)
            outcomes.append(f"{kind}: done")
        except (hours_services.HoursError, SocialCreditError) as error:
            outcomes.append(f"{kind}: {error.code}")

    calls = [("confirm", entry.id) for entry in entries] + [("log", None)] * 3
    assert run_together(act, calls) == []
    # Two of three confirmations fit (8 h); the waiting hours leave no room for new shifts.
    assert sorted(outcomes) == sorted(["confirm: done"] * 2 + ["confirm: cap"] + ["log: cap"] * 3)
    ledger = _ledger(placement)
    assert ledger["confirmed"] == [240, 240] and ledger["submitted"] == [240]
