"""Frozen data of mentorship: what selectors compute for pages and what ``api`` hands out."""

from dataclasses import dataclass
from datetime import date as Date


@dataclass(frozen=True)
class Rules:
    """The parts of a programme's rules the health arithmetic needs."""

    meetings_per_month: int = 2
    checkins_first_month: int = 2
    checkin_interval_days: int = 30
    alert_after_days: int = 14


@dataclass(frozen=True)
class Health:
    """How a match is doing on ``today``.

    Meetings are counted in the last 30 and 90 days (today included); what is expected is the
    programme's meetings a month, for a match younger than the window only for the days it
    has run. ``no_contact`` is true once more than ``alert_after_days`` whole days have passed
    since the last meeting (or the start): on day 15 with the default of 14, not on day 14.
    ``too_few`` is true for a match that has run a month or more with fewer meetings in the
    last 30 days than a month needs. A check-in is due with each side (the mentor, the child's
    side): ``checkins_first_month`` spread over the first 30 days, then one every
    ``checkin_interval_days`` after the latest; it is overdue the day after it was due.
    """

    today: Date
    started_on: Date
    days_running: int
    meetings_30: int
    expected_30: int
    meetings_90: int
    expected_90: int
    last_contact: Date
    days_without_contact: int
    no_contact: bool
    too_few: bool
    mentor_checkin_due: Date
    child_checkin_due: Date

    @property
    def mentor_checkin_overdue(self) -> bool:
        return self.today > self.mentor_checkin_due

    @property
    def child_checkin_overdue(self) -> bool:
        return self.today > self.child_checkin_due

    @property
    def checkin_overdue(self) -> bool:
        return self.mentor_checkin_overdue or self.child_checkin_overdue

    @property
    def at_risk(self) -> bool:
        return self.no_contact or self.too_few or self.checkin_overdue


@dataclass(frozen=True)
class StepState:
    """One screening requirement of a mentor: an interview, a certificate, references or the
    training course."""

    step: str
    label: str
    done: bool
    done_on: Date | None
    expires_on: Date | None
    failed: bool = False
    expired: bool = False
    expiring: bool = False


@dataclass(frozen=True)
class Readiness:
    steps: tuple[StepState, ...]

    @property
    def ready(self) -> bool:
        return all(step.done and not step.expired for step in self.steps)

    @property
    def missing(self) -> tuple[StepState, ...]:
        return tuple(step for step in self.steps if not step.done or step.expired)


@dataclass(frozen=True)
class PipelineCounts:
    applied: int
    screening: int
    ready: int
    matched: int
    declined: int
    withdrawn: int


@dataclass(frozen=True)
class ProgrammeData:
    id: int
    title: str
    organisation_id: int
    is_open: bool


@dataclass(frozen=True)
class MatchCounts:
    """A programme's (or many programmes') matches: active now, and of those at risk."""

    active: int
    at_risk: int
    open_concerns: int
