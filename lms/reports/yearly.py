"""The yearly summary ("a year of the volunteer"): totals, the table by region, region ×
direction tables and the months of the year, as a PDF (WeasyPrint)."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts import api as accounts
from lms.i18n import active_language
from lms.pdf import render_pdf

from . import charts, selectors
from .data import Matrix, ReportQuery


def year_params(params: dict[str, str], *, year: int, today: dt.date) -> dict[str, str]:
    """The dashboard's filters with the period set to the year (up to today)."""
    end = min(dt.date(year, 12, 31), today)
    return {**params, "start": dt.date(year, 1, 1).isoformat(), "end": end.isoformat()}


def matrix_table(matrix: Matrix, rows: list[tuple[int | None, str]], directions) -> dict:
    """A matrix laid out for print: regions down, directions across, totals at the ends."""
    used = {direction_id for _region, direction_id in matrix.values}
    columns = [(d.id, d.name) for d in directions if d.id in used]
    if None in used:
        columns.append((None, _("No direction")))
    body = []
    for region_id, name in rows:
        values = [matrix.values.get((region_id, direction_id), 0) for direction_id, _n in columns]
        if region_id is None and not any(values):
            continue
        body.append({"name": name, "values": values, "total": sum(values)})
    totals = [sum(row["values"][i] for row in body) for i in range(len(columns))]
    return {
        "title": matrix.title,
        "columns": [name for _id, name in columns],
        "rows": body,
        "totals": totals,
        "total": sum(totals),
    }


def build(
    *, user, params: dict[str, str], today: dt.date, time_zone: str
) -> tuple[bytes, str, int]:
    from .services import ReportError, filter_form

    try:
        year = int(params.get("year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= today.year:
        raise ReportError(_("Choose a year from 2000 to this one."), "invalid")
    form = filter_form(user=user, params=year_params(params, year=year, today=today))
    if not form.is_valid():
        raise ReportError(_("The filters of this export are no longer valid."), "invalid")
    query: ReportQuery = form.query(today=today, time_zone=time_zone, by_direction=True)
    scope = selectors.scope_of(user)
    regions = selectors.options(scope).regions
    dashboard = selectors.dashboard(query, regions)
    rows = selectors.region_rows(query, regions)
    directions = accounts.directions()
    title = _("Year %(year)s in review") % {"year": year}
    html = render_to_string(
        "reports/yearly.html",
        {
            "title": title,
            "year": year,
            "query": query,
            "dashboard": dashboard,
            "chart": charts.line_chart(dashboard.timeline, monthly=query.monthly),
            "matrices": [matrix_table(m, rows, directions) for m in dashboard.matrices],
            "filters": describe(form),
            "printed": timezone.localtime(),
            "language": active_language(),
        },
    )
    pdf = render_pdf(
        html,
        stylesheets=["reports/yearly.css"],
        page_css="@page { size: A4; margin: 16mm 14mm 18mm; }",
    )
    return pdf, title, len(dashboard.region_table.rows)


def describe(form) -> list[tuple[str, str]]:
    """The filters a report was made with, as ``(label, value)`` for the reader."""
    found = []
    for name in ("country", "region", "organisation", "course", "audience"):
        field = form.fields.get(name)
        value = form.cleaned_data.get(name)
        if field is None or value in (None, ""):
            continue
        choices = {str(key): label for key, label in _flatten(field.choices)}
        found.append((str(field.label), str(choices.get(str(value), value))))
    return found


def _flatten(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label
