"""What apps use to add to the coordinators' reports (``lms.reports``).

Two extension slots (see :mod:`lms.extensions`):

``reports``
    ``provider(query: ReportQuery) -> Section | None``: an app's figures, its columns of the
    table by region, its lines over time, its own tables and (when ``query.by_direction``)
    its region × direction matrices. Every number comes from aggregation in the database: a
    provider issues a fixed number of queries, whatever the data's size. It counts only
    records of ``query.region_ids`` (when not ``None``) and honours the organisation, course
    and audience filters it can, listing the others in ``Section.ignores``.
``report_filters``
    ``provider(query: ReportQuery | None) -> list[FilterChoices]``: the options of the
    ``course`` and ``audience`` filters (an app that knows courses offers them).

The core never imports an app: a removed app's section and filters simply go away.
"""

import datetime as dt

from django.db.models import Q

from .data import (
    AUDIENCE,
    COUNT,
    COURSE,
    DATE,
    DAYS,
    HOURS,
    MONEY,
    ORGANISATION,
    PERCENT,
    TEXT,
    Choice,
    Column,
    Figure,
    FilterChoices,
    Matrix,
    RegionColumn,
    ReportQuery,
    Section,
    Series,
    Table,
)
from .expressions import DaysBetween, Median

__all__ = [
    "AUDIENCE",
    "COUNT",
    "COURSE",
    "DATE",
    "DAYS",
    "HOURS",
    "MONEY",
    "ORGANISATION",
    "PERCENT",
    "TEXT",
    "Choice",
    "Column",
    "DaysBetween",
    "Figure",
    "FilterChoices",
    "Matrix",
    "Median",
    "RegionColumn",
    "ReportQuery",
    "Section",
    "Series",
    "Table",
    "during",
    "on_days",
    "rate",
]


def during(field: str, query: ReportQuery) -> Q:
    """``field`` (a datetime) falls within the query's period."""
    return Q(**{f"{field}__gte": query.start_at, f"{field}__lt": query.end_at})


def on_days(field: str, query: ReportQuery, *, until: dt.date | None = None) -> Q:
    """``field`` (a date) falls within the query's period (or up to ``until`` if earlier)."""
    end = min(query.end, until) if until else query.end
    return Q(**{f"{field}__gte": query.start, f"{field}__lte": end})


def rate(part: int | None, whole: int | None) -> float | None:
    """``part`` of ``whole`` in per cent (one decimal), ``None`` when ``whole`` is zero."""
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 1)
