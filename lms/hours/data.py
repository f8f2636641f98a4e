"""Frozen data that ``lms.hours.api`` hands to other apps."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class HoursEntryData:
    id: int
    user_id: int
    organisation_id: int | None
    organisation_name: str
    date: date
    minutes: int
    description: str
    source: str
    source_ref: str
    status: str
    rejection_reason: str
    decided_by_id: int | None
    decided_at: datetime | None


@dataclass(frozen=True)
class TotalsRow:
    """Minutes by status for one organisation (``key`` is its id, None for no organisation)
    or one year (``key`` is the year)."""

    key: int | None
    label: str
    confirmed: int
    submitted: int
    rejected: int

    @property
    def total(self) -> int:
        return self.confirmed + self.submitted + self.rejected


@dataclass(frozen=True)
class HoursTotals:
    """A person's minutes by status (``by_status``: confirmed, submitted, rejected), by
    organisation (name order) and by year (newest first). ``year`` is the year the status and
    organisation figures are limited to (None: all years); ``by_year`` always covers every
    year."""

    year: int | None
    by_status: dict[str, int]
    by_organisation: tuple[TotalsRow, ...]
    by_year: tuple[TotalsRow, ...]

    @property
    def confirmed(self) -> int:
        return self.by_status.get("confirmed", 0)

    @property
    def submitted(self) -> int:
        return self.by_status.get("submitted", 0)

    @property
    def rejected(self) -> int:
        return self.by_status.get("rejected", 0)

    @property
    def years(self) -> list[int]:
        return [row.key for row in self.by_year if row.key is not None]
