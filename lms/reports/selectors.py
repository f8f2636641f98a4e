"""Read queries of the coordinators' reports: who sees what, the filters' options, and the
dashboard assembled from what every app contributes (each app aggregates in the database)."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from lms import extensions
from lms.accounts import api as accounts
from lms.accounts.data import RegionData, RegionScope

from .data import (
    DATE,
    DAYS,
    PERCENT,
    TEXT,
    Choice,
    Column,
    FilterChoices,
    Matrix,
    Number,
    RegionColumn,
    ReportQuery,
    Section,
    Table,
)

REPORTS = "reports"
REPORT_FILTERS = "report_filters"


def scope_of(user) -> RegionScope:
    """Administrators see everything; programme coordinators their organisations' regions
    (at a national front office: every region of its country); others nothing."""
    return accounts.coordination_scope(user)


def may_view(user) -> bool:
    return not scope_of(user).empty


@dataclass(frozen=True)
class Options:
    """What the filters offer a person: only what their scope covers."""

    regions: list[RegionData]
    countries: list[tuple[str, str]]  # (code, name)
    organisations: list[tuple[int, str, int]]  # (id, name, region id)
    extra: dict[str, tuple[Choice, ...]]  # "course", "audience" → options


def options(scope: RegionScope) -> Options:
    regions = accounts.regions_of(scope)
    codes = sorted({region.country for region in regions})
    extra: dict[str, tuple[Choice, ...]] = {}
    for answer in extensions.collect(REPORT_FILTERS, None):
        if isinstance(answer, FilterChoices):
            extra[answer.name] = extra.get(answer.name, ()) + answer.choices
    return Options(
        regions=regions,
        countries=[(code, str(countries.name(code)) or code) for code in codes],
        organisations=accounts.organisations_in(scope),
        extra=extra,
    )


def region_ids_for(
    scope: RegionScope,
    regions: list[RegionData],
    *,
    country: str | None = None,
    region_id: int | None = None,
) -> frozenset[int] | None:
    """The regions a report counts: the scope cut by the country and region filters
    (``None``: every region, and records of none, for an unfiltered administrator)."""
    if scope.everything and not country and region_id is None:
        return None
    chosen = {
        region.id
        for region in regions
        if (not country or region.country == country)
        and (region_id is None or region.id == region_id)
    }
    if not scope.everything:
        chosen &= scope.region_ids
    return frozenset(chosen)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number
    share: float  # of the largest value, 0–100


@dataclass
class Dashboard:
    query: ReportQuery
    sections: list[Section]
    region_table: Table
    timeline: Table
    totals: Table
    bars: list[Bar] = field(default_factory=list)
    bars_label: str = ""

    @property
    def tables(self) -> list[Table]:
        """Every table of the dashboard, in the order shown (each can be exported)."""
        tables = [self.totals, self.region_table, self.timeline]
        for section in self.sections:
            tables.extend(section.tables)
        return tables

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)

    @property
    def matrices(self) -> list[Matrix]:
        return [matrix for section in self.sections for matrix in section.matrices]


def sections(query: ReportQuery) -> list[Section]:
    found = [answer for answer in extensions.collect(REPORTS, query) if isinstance(answer, Section)]
    return sorted(found, key=lambda section: (section.order, section.key))


def _sum(values) -> Number:
    return sum(value for value in values if value is not None)


def region_rows(query: ReportQuery, regions: list[RegionData]) -> list[tuple[int | None, str]]:
    """The rows of the table by region: every region the report counts, then "no region"
    when the report counts records of none."""
    rows = [
        (region.id, region.name)
        for region in regions
        if query.region_ids is None or region.id in query.region_ids
    ]
    if query.region_ids is None:
        rows.append((None, _("Region not given")))
    return rows


def _averaged(column: RegionColumn) -> bool:
    """Rates and medians: a missing value is unknown (not zero), and they never add up."""
    return column.column.kind in (PERCENT, DAYS)


def region_table(query: ReportQuery, found: list[Section], regions: list[RegionData]) -> Table:
    columns = [column for section in found for column in section.region_columns]
    rows = []
    for region_id, name in region_rows(query, regions):
        values = tuple(
            column.values.get(region_id) if _averaged(column) else column.values.get(region_id, 0)
            for column in columns
        )
        if region_id is None and not any(values):
            continue  # no record without a region: no such row
        rows.append((name, *values))
    footer = (
        _("Total"),
        *(
            column.total
            if column.total is not None or _averaged(column)
            else _sum(column.values.values())
            for column in columns
        ),
    )
    return Table(
        key="regions",
        title=_("By region"),
        columns=(Column("region", _("Region"), TEXT), *(column.column for column in columns)),
        rows=tuple(rows),
        footer=footer,
    )


def timeline(query: ReportQuery, found: list[Section]) -> Table:
    series = [line for section in found for line in section.series]
    buckets = query.buckets()
    label = _("Month") if query.monthly else _("Day")
    return Table(
        key="timeline",
        title=_("Over time"),
        columns=(
            Column("period", label, DATE),
            *(Column(line.key, line.label) for line in series),
        ),
        rows=tuple((day, *(line.values.get(day, 0) for line in series)) for day in buckets),
        footer=(_("Total"), *(_sum(line.values.values()) for line in series)),
    )


def totals(found: list[Section]) -> Table:
    rows = []
    for section in found:
        for figure in section.figures:
            rows.append((section.title, figure.label, figure.value, figure.kind, figure.currency))
    return Table(
        key="totals",
        title=_("Totals"),
        columns=(
            Column("section", _("Section"), TEXT),
            Column("figure", _("Figure"), TEXT),
            Column("value", _("Value"), "mixed"),
            Column("kind", _("Unit"), "unit"),
            Column("currency", _("Currency"), TEXT),
        ),
        rows=tuple(rows),
    )


BAR_COLUMN = "completions"


def bars(table: Table) -> tuple[list[Bar], str]:
    """Bars of completions by region (the region table's ``completions`` column)."""
    keys = [column.key for column in table.columns]
    if BAR_COLUMN not in keys:
        return [], ""
    index = keys.index(BAR_COLUMN)
    pairs = [(row[0], row[index] or 0) for row in table.rows]
    top = max((value for _name, value in pairs), default=0)
    found = [
        Bar(label=name, value=value, share=round(100.0 * value / top, 1) if top else 0.0)
        for name, value in pairs
    ]
    return found, table.columns[index].label


def dashboard(query: ReportQuery, regions: list[RegionData]) -> Dashboard:
    """The whole dashboard for a query; ``regions`` are the viewer's (from :func:`options`)."""
    found = sections(query)
    by_region = region_table(query, found, regions)
    bar_list, bar_label = bars(by_region)
    return Dashboard(
        query=query,
        sections=found,
        region_table=by_region,
        timeline=timeline(query, found),
        totals=totals(found),
        bars=bar_list,
        bars_label=bar_label,
    )


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first of January to today."""
    return today.replace(month=1, day=1), today
