"""Frozen data that ``lms.socialcredit.api`` hands to other apps."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class TierData:
    """Reaching ``hours`` confirmed hours earns ``amount`` and ``credits`` in total (a voucher
    for a higher tier pays the difference to what was issued before)."""

    id: int
    hours: int
    amount: Decimal
    credits: int


@dataclass(frozen=True)
class ProgrammeData:
    id: int
    title: str
    organisation_id: int
    organisation_name: str
    starts_on: date
    ends_on: date
    hour_cap: int
    credit_ceiling: int
    currency: str
    tiers: tuple[TierData, ...]  # lowest first


@dataclass(frozen=True)
class ParticipationData:
    """A student in a programme, with the hours counted for it (minutes, from the ledger)."""

    id: int
    user_id: int
    programme_id: int
    university_id: int
    university_name: str
    student_id: str
    confirmed_minutes: int
    submitted_minutes: int
    # Host organisations where the student has confirmed hours, by name.
    host_names: tuple[str, ...]
    # Supervisors of the student's placements there, by name.
    supervisor_names: tuple[str, ...]
