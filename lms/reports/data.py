"""What a report asks and what each app answers: frozen data, passed through the
``reports`` extension slot (see :mod:`lms.reports.api`)."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal | float

# Kinds of values, for formatting on pages, in files and in the PDF.
COUNT, PERCENT, HOURS, DAYS, MONEY, TEXT, DATE = (
    "count",
    "percent",
    "hours",
    "days",
    "money",
    "text",
    "date",
)

# Filters a section may not be cut by (it says so on the dashboard).
ORGANISATION, COURSE, AUDIENCE = "organisation", "course", "audience"

MONTHLY_AFTER_DAYS = 62  # periods longer than this are drawn by month, shorter ones by day


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers, already cut to what the viewer may see.

    Days are days in ``time_zone``; ``start`` and ``end`` are both included.
    ``region_ids`` is ``None`` when every region is covered, and then records that belong to
    no region count too; otherwise only records of these regions count (an empty set: none).
    ``today`` is the day "now" figures (active matches, matches at risk) are for.
    """

    start: dt.date
    end: dt.date
    today: dt.date
    time_zone: str = "Asia/Almaty"
    region_ids: frozenset[int] | None = None
    organisation_id: int | None = None
    course_id: int | None = None
    audience_id: int | None = None
    by_direction: bool = False  # also fill the sections' region × direction matrices

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def start_at(self) -> dt.datetime:
        """The first moment of the period (aware)."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=self.zone)

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (aware): filter with ``< end_at``."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=self.zone)

    @property
    def monthly(self) -> bool:
        return (self.end - self.start).days + 1 > MONTHLY_AFTER_DAYS

    def bucket_of(self, day: dt.date) -> dt.date:
        """The first day of the bucket (month or day) a day falls in."""
        return day.replace(day=1) if self.monthly else day

    def buckets(self) -> list[dt.date]:
        """The first days of the period's buckets, in order."""
        days: list[dt.date] = []
        day = self.bucket_of(self.start)
        while day <= self.end:
            days.append(day)
            if self.monthly:
                day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            else:
                day += dt.timedelta(days=1)
        return days

    def filtered_by(self, name: str) -> bool:
        return getattr(self, f"{name}_id", None) is not None


@dataclass(frozen=True)
class Figure:
    """A headline number."""

    key: str
    label: str
    value: Number | None
    kind: str = COUNT
    note: str = ""
    currency: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT


@dataclass(frozen=True)
class Table:
    """A table of a section: rows of plain values in the columns' order."""

    key: str  # unique over the dashboard; used in file names and anchors
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    note: str = ""
    footer: tuple = ()  # a closing row (totals), when the table has one


@dataclass(frozen=True)
class RegionColumn:
    """A column of the dashboard's table by region: a value per region id (``None``: records
    that belong to no region). Regions left out have nothing."""

    column: Column
    values: dict[int | None, Number] = field(default_factory=dict)
    total: Number | None = None  # when the total is not the sum (distinct people, a rate)


@dataclass(frozen=True)
class Series:
    """A line over the period: a value per bucket (first day of a month or the day)."""

    key: str
    label: str
    values: dict[dt.date, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Matrix:
    """Values by region and direction (the yearly report's cross tables): keys are
    ``(region id or None, direction id or None)``."""

    key: str
    title: str
    values: dict[tuple[int | None, int | None], Number] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    """What one app contributes to a report."""

    key: str
    title: str
    order: int = 100
    figures: tuple[Figure, ...] = ()
    region_columns: tuple[RegionColumn, ...] = ()
    series: tuple[Series, ...] = ()
    tables: tuple[Table, ...] = ()
    matrices: tuple[Matrix, ...] = ()
    ignores: frozenset[str] = frozenset()  # filters that do not cut this section
    note: str = ""


@dataclass(frozen=True)
class Choice:
    """A filter's option another app offers (courses, audiences)."""

    id: int
    label: str


@dataclass(frozen=True)
class FilterChoices:
    """The options of the ``course`` or ``audience`` filter."""

    name: str  # "course" or "audience"
    choices: tuple[Choice, ...]
