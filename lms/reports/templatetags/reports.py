"""Report values as the reader's language writes them."""

import datetime as dt

from django import template
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ..data import COUNT, DATE, DAYS, HOURS, MONEY, PERCENT, TEXT, Table

register = template.Library()


@register.filter
def report_value(value, kind: str = COUNT, currency: str = "") -> str:
    if value is None or value == "":
        return "—"
    if kind == PERCENT:
        return f"{number_format(value, 1)} %"
    if kind in (HOURS, DAYS):
        return number_format(value, 1, force_grouping=True)
    if kind == MONEY:
        amount = number_format(value, 2, force_grouping=True)
        return f"{amount} {currency}".strip()
    if kind == COUNT and isinstance(value, int | float):
        return number_format(value, 0 if isinstance(value, int) else 1, force_grouping=True)
    return str(value)


def bucket_label(day: dt.date, monthly: bool) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT" if monthly else "SHORT_DATE_FORMAT")


@register.filter
def bucket(day, monthly: bool) -> str:
    return bucket_label(day, monthly) if isinstance(day, dt.date) else str(day)


@register.filter
def short_bucket(day, monthly: bool) -> str:
    """A chart axis' label: "Nov 2026" or "25.11"."""
    if not isinstance(day, dt.date):
        return str(day)
    return date_format(day, "M Y" if monthly else "d.m")


def _cell(value, kind: str, row: tuple, monthly: bool) -> tuple[str, bool]:
    if kind == DATE and isinstance(value, dt.date):
        return bucket_label(value, monthly), False
    if kind == "mixed":  # the totals table: the row says its kind and currency
        return report_value(value, row[3], row[4] if len(row) > 4 else ""), True
    if kind == "unit":
        return "", False
    if kind == TEXT or isinstance(value, str):
        return str(value), False
    return report_value(value, kind), True


@register.simple_tag
def table_cells(table: Table, monthly: bool = True) -> dict:
    """The table's rows as ``(text, numeric)`` cells, for a page; unit columns left out."""
    shown = [i for i, column in enumerate(table.columns) if column.kind not in ("unit",)]
    shown = [i for i in shown if table.columns[i].key != "currency" or table.key != "totals"]

    def cells(row: tuple) -> list[tuple[str, bool]]:
        return [_cell(row[i], table.columns[i].kind, row, monthly) for i in shown]

    return {
        "columns": [table.columns[i] for i in shown],
        "numeric": [table.columns[i].kind not in (TEXT, DATE) for i in shown],
        "rows": [cells(row) for row in table.rows],
        "footer": cells(table.footer) if table.footer else None,
        "empty": _("Nothing in this period."),
    }
