"""Vouchers as spreadsheets: data in, bytes out (the view decides who gets what).

CSV is UTF-8 with a byte-order mark (Excel then reads Cyrillic right) and the list separator
of the reader's language (";" where the decimal separator is a comma); XLSX keeps numbers and
dates as such. Text never runs as a formula in either.
"""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from lms.web import excel_csv_writer, spreadsheet_text

from .models import Voucher

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [
        _("Number"),
        _("Issued"),
        _("Status"),
        _("Paid"),
        _("Student"),
        _("E-mail"),
        _("Student ID"),
        _("University"),
        _("Programme"),
        _("Tier, h"),
        _("Confirmed, h"),
        _("Amount"),
        _("Currency"),
        _("Academic credits"),
        _("Host organisations"),
        _("Period from"),
        _("Period to"),
    ]


def rows(vouchers: Iterable[Voucher]):
    """One row per voucher, in typed values (text, dates, decimals, integers)."""
    zone = timezone.get_default_timezone()
    for voucher in vouchers:
        yield [
            voucher.serial,
            timezone.localdate(voucher.created_at, zone),
            voucher.get_status_display(),
            timezone.localdate(voucher.paid_at, zone) if voucher.paid_at else None,
            voucher.recipient_name,
            voucher.user.email,
            voucher.student_id,
            voucher.university_name,
            voucher.programme_title,
            voucher.tier_hours,
            voucher.hours,
            voucher.amount,
            voucher.currency,
            voucher.credits,
            voucher.hosts_display,
            voucher.period_start,
            voucher.period_end,
        ]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return number_format(value, use_l10n=True)


def vouchers_csv(vouchers: Iterable[Voucher]) -> str:
    buffer = io.StringIO()
    writer = excel_csv_writer(buffer)
    writer.writerow(headers())
    for row in rows(vouchers):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


def vouchers_xlsx(vouchers: Iterable[Voucher]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Vouchers"))
    bold = Font(bold=True)
    header = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows(vouchers):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a name starting with "=" stays text
            elif hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
