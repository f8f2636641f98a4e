"""Volunteer hours in the coordinators' reports (``reports`` slot of :mod:`lms.extensions`).

Confirmed entries dated within the period count, in the region of the entry's organisation
(or, for entries without one, the person's region); the organisation filter keeps the
entries of that organisation. Three queries whatever the data's size: by region, by source,
and the distinct people of the whole period.
"""

from django.db.models import BigIntegerField, Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from lms.reports import api as reports

from .models import HoursEntry, minutes_to_hours


def entries(query: reports.ReportQuery) -> QuerySet[HoursEntry]:
    """The confirmed entries a report counts, annotated with their ``region``."""
    qs = HoursEntry.objects.filter(
        reports.on_days("date", query), status=HoursEntry.Status.CONFIRMED
    ).annotate(
        region=Coalesce(
            F("organisation__region_id"), F("user__region_id"), output_field=BigIntegerField()
        )
    )
    if query.region_ids is not None:
        qs = qs.filter(region__in=query.region_ids)
    if query.organisation_id is not None:
        qs = qs.filter(organisation_id=query.organisation_id)
    return qs.order_by()


def section(query: reports.ReportQuery) -> reports.Section:
    qs = entries(query)
    by_region = {
        row["region"]: minutes_to_hours(row["minutes"])
        for row in qs.values("region").annotate(minutes=Sum("minutes"))
    }
    by_source = {
        row["source"]: row
        for row in qs.values("source").annotate(
            entries=Count("pk"), people=Count("user_id", distinct=True), minutes=Sum("minutes")
        )
    }
    people = qs.aggregate(people=Count("user_id", distinct=True))["people"]
    minutes = sum(row["minutes"] for row in by_source.values())
    total = minutes_to_hours(minutes)
    rows = []
    for source in HoursEntry.Source:
        row = by_source.get(source.value, {})
        rows.append(
            (
                source.label,
                row.get("entries", 0),
                row.get("people", 0),
                minutes_to_hours(row.get("minutes", 0)),
            )
        )
    return reports.Section(
        key="hours",
        title=_("Volunteer hours"),
        order=40,
        ignores=frozenset({reports.COURSE, reports.AUDIENCE}),
        figures=(
            reports.Figure("hours_confirmed", _("Hours confirmed"), total, kind=reports.HOURS),
            reports.Figure("hours_people", _("People with confirmed hours"), people),
        ),
        region_columns=(
            reports.RegionColumn(
                reports.Column("hours_confirmed", _("Hours confirmed"), reports.HOURS),
                by_region,
                total=total,
            ),
        ),
        tables=(
            reports.Table(
                key="hours-by-source",
                title=_("Confirmed hours by kind of activity"),
                columns=(
                    reports.Column("source", _("Kind of activity"), reports.TEXT),
                    reports.Column("entries", _("Entries")),
                    reports.Column("people", _("People")),
                    reports.Column("hours", _("Hours"), reports.HOURS),
                ),
                rows=tuple(rows),
                footer=(_("Total"), sum(row[1] for row in rows), people, total),
            ),
        ),
    )
