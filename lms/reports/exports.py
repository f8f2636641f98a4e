"""Report tables as files: data in, bytes out (pure; the service stores the file).

CSV: UTF-8 with a byte-order mark and the reader's list separator (see
:func:`lms.web.excel_csv_writer`), numbers in the reader's decimal format. XLSX (openpyxl):
one sheet per table, numbers and dates kept as such. Text never runs as a formula."""

import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lms.web import excel_csv_writer, spreadsheet_text

from .data import DAYS, HOURS, MONEY, PERCENT, Table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def unit_label(kind: str, currency: str = "") -> str:
    return {
        PERCENT: "%",
        HOURS: _("hours"),
        DAYS: _("days"),
        MONEY: currency,
    }.get(kind, "")


def plain_rows(table: Table) -> list[list]:
    """The table's rows (and closing row) as plain values: units spelled out."""
    unit_columns = [i for i, column in enumerate(table.columns) if column.kind == "unit"]
    rows = [list(row) for row in (*table.rows, *([table.footer] if table.footer else []))]
    for row in rows:
        for i, value in enumerate(row):
            if isinstance(value, Promise):
                row[i] = str(value)
        for i in unit_columns:
            currency = row[i + 1] if i + 1 < len(row) else ""
            row[i] = unit_label(row[i], currency or "")
    return rows


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(str(value))
    return number_format(value, use_l10n=True)


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = excel_csv_writer(buffer)
    writer.writerow([str(column.label) for column in table.columns])
    for row in plain_rows(table):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


def sheet_name(title: str, used: set[str]) -> str:
    base = SHEET_NAME_BAD.sub(" ", str(title)).strip()[:28] or _("Table")
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({n})"
        n += 1
    used.add(name.lower())
    return name


def tables_xlsx(tables: Iterable[Table], *, heading: str = "") -> bytes:
    """One sheet per table: its title (and ``heading``, e.g. the filters), then its rows."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.title, used))
        title = WriteOnlyCell(sheet, value=spreadsheet_text(str(table.title)))
        title.font = bold
        sheet.append([title])
        if heading:
            sheet.append([spreadsheet_text(heading)])
        if table.note:
            sheet.append([spreadsheet_text(str(table.note))])
        sheet.append([])
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=spreadsheet_text(str(column.label)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in plain_rows(table):
            cells = []
            for value in row:
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=spreadsheet_text(value))
                    cell.data_type = "s"
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    if isinstance(value, dt.date):
                        cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
