"""Mentoring in the coordinators' reports (``reports`` slot of :mod:`lms.extensions`).

Matches count in the region of the mentee's institution; the organisation filter keeps the
matches of programmes the organisation runs and of mentees at it. Two queries whatever the
data's size: the matches grouped by region and programme (active and at risk now, started
and closed in the period), and the period's sessions grouped by programme. Nothing about a
mentee is read but their institution's region.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from lms.hours import api as hours
from lms.reports import api as reports

from . import selectors
from .models import Match, Session

REGION = "mentee__institution__region_id"


@dataclass
class _Programme:
    title: str
    active: int = 0
    at_risk: int = 0
    started: int = 0
    closed: int = 0
    sessions: int = 0
    minutes: int = 0


def _scoped(qs: QuerySet, query: reports.ReportQuery, *, prefix: str = "") -> QuerySet:
    """Matches (or, with ``prefix="match__"``, their sessions) of the query's regions and
    organisation."""
    if query.region_ids is not None:
        qs = qs.filter(**{f"{prefix}{REGION}__in": query.region_ids})
    if query.organisation_id is not None:
        qs = qs.filter(
            Q(**{f"{prefix}programme__organisation_id": query.organisation_id})
            | Q(**{f"{prefix}mentee__institution_id": query.organisation_id})
        )
    return qs


def section(query: reports.ReportQuery) -> reports.Section:
    active = Q(status=Match.Status.ACTIVE)
    started = reports.on_days("started_on", query)
    closed = Q(status=Match.Status.CLOSED) & reports.on_days("closed_on", query)
    matches = selectors.with_risk(
        _scoped(Match.objects.filter(active | started | closed), query), today=query.today
    )
    groups = (
        matches.values(
            "programme_id",
            region=F(REGION),
            title=F("programme__title"),
            direction=F("programme__direction_id"),
        )
        .annotate(
            active=Count("pk", filter=active),
            at_risk=Count("pk", filter=active & Q(at_risk=True)),
            started=Count("pk", filter=started),
            closed=Count("pk", filter=closed),
        )
        .order_by()
    )
    sessions = (
        _scoped(Session.objects.filter(reports.on_days("date", query)), query, prefix="match__")
        .values("match__programme_id", title=F("match__programme__title"))
        .annotate(count=Count("pk"), minutes=Sum("minutes"))
        .order_by()
    )

    programmes: dict[int, _Programme] = {}
    by_region: dict[str, dict[int | None, int]] = {"active": {}, "at_risk": {}}
    by_direction: dict[tuple[int | None, int | None], int] = defaultdict(int)
    for group in groups:
        programme = programmes.setdefault(group["programme_id"], _Programme(group["title"]))
        for name in ("active", "at_risk", "started", "closed"):
            setattr(programme, name, getattr(programme, name) + group[name])
        for name, values in by_region.items():
            if group[name]:
                values[group["region"]] = values.get(group["region"], 0) + group[name]
        if group["started"]:
            by_direction[(group["region"], group["direction"])] += group["started"]
    for group in sessions:
        programme = programmes.setdefault(group["match__programme_id"], _Programme(group["title"]))
        programme.sessions += group["count"]
        programme.minutes += group["minutes"] or 0

    def total(name: str) -> int:
        return sum(getattr(programme, name) for programme in programmes.values())

    minutes = total("minutes")
    rows = tuple(
        (
            programme.title,
            programme.active,
            programme.at_risk,
            programme.started,
            programme.closed,
            programme.sessions,
            hours.minutes_to_hours(programme.minutes),
        )
        for _id, programme in sorted(programmes.items(), key=lambda item: (item[1].title, item[0]))
    )
    return reports.Section(
        key="mentoring",
        title=_("Mentoring"),
        order=60,
        ignores=frozenset({reports.COURSE, reports.AUDIENCE}),
        figures=(
            reports.Figure("matches_active", _("Matches active"), total("active")),
            reports.Figure("matches_at_risk", _("Active matches at risk"), total("at_risk")),
            reports.Figure("matches_started", _("Matches started"), total("started")),
            reports.Figure("matches_closed", _("Matches closed"), total("closed")),
            reports.Figure(
                "mentoring_hours",
                _("Hours of mentoring sessions"),
                hours.minutes_to_hours(minutes),
                kind=reports.HOURS,
            ),
        ),
        region_columns=(
            reports.RegionColumn(
                reports.Column("matches_active", _("Matches active")), by_region["active"]
            ),
            reports.RegionColumn(
                reports.Column("matches_at_risk", _("Matches at risk")), by_region["at_risk"]
            ),
        ),
        tables=(
            reports.Table(
                key="mentoring",
                title=_("Mentoring by programme"),
                columns=(
                    reports.Column("programme", _("Programme"), reports.TEXT),
                    reports.Column("active", _("Active")),
                    reports.Column("at_risk", _("At risk")),
                    reports.Column("started", _("Started")),
                    reports.Column("closed", _("Closed")),
                    reports.Column("sessions", _("Sessions")),
                    reports.Column("hours", _("Hours"), reports.HOURS),
                ),
                rows=rows,
                footer=(
                    _("Total"),
                    total("active"),
                    total("at_risk"),
                    total("started"),
                    total("closed"),
                    total("sessions"),
                    hours.minutes_to_hours(minutes),
                ),
                note=_(
                    "Active and at risk: on the report's day; started, closed, sessions and "
                    "hours: in the period."
                ),
            ),
        ),
        matrices=(
            (
                reports.Matrix(
                    "matches_by_direction",
                    _("Mentoring matches started, by region and direction"),
                    dict(by_direction),
                ),
            )
            if query.by_direction
            else ()
        ),
    )
