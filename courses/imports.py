"""Reading a coordinator's list of people to enrol (CSV), row by row, with clear errors.

Pure: bytes in, rows out. Spreadsheets save CSV in UTF-8 (with or without BOM) or, in
Russian-language Excel, in Windows-1251 with semicolons; both are read.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
EMAIL_HEADERS = {"email", "e-mail", "e mail", "почта", "электронная почта", "электрондық пошта"}
NAME_HEADERS = {"full_name", "full name", "name", "фио", "имя", "аты-жөні", "аты жөні"}


@dataclass
class Row:
    line: int
    email: str
    full_name: str = ""
    error: str = ""
    user: object = None  # the account found for the address, once checked


@dataclass
class ParsedFile:
    rows: list[Row]
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and bool(self.rows) and not any(row.error for row in self.rows)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_enrolment_csv(data: bytes) -> ParsedFile:
    """Rows with a normalised e-mail each, or a file-level error. Never raises."""
    if len(data) > MAX_BYTES:
        return ParsedFile([], _("The file is larger than 1 MB."))
    text = _decode(data)
    if text is None or "\x00" in text:
        return ParsedFile([], _("This is not a CSV text file. Save the table as CSV (UTF-8)."))
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return ParsedFile([], _("The file is empty."))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except (csv.Error, StopIteration):
        return ParsedFile([], _("The file is empty."))
    email_col = next((i for i, name in enumerate(header) if name in EMAIL_HEADERS), None)
    if email_col is None:
        return ParsedFile([], _("The first line must name the columns, with one called “email”."))
    name_col = next((i for i, name in enumerate(header) if name in NAME_HEADERS), None)

    rows: list[Row] = []
    seen: dict[str, int] = {}
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return ParsedFile([], _("More than %(max)s rows.") % {"max": MAX_ROWS})
            line = reader.line_num
            email = cells[email_col].strip().lower() if email_col < len(cells) else ""
            name = cells[name_col].strip() if name_col is not None and name_col < len(cells) else ""
            row = Row(line=line, email=email, full_name=" ".join(name.split()))
            try:
                validate_email(email)
            except ValidationError:
                row.error = _("“%(value)s” is not an e-mail address.") % {"value": email[:100]}
            if not row.error and email in seen:
                row.error = _("The same address is already on line %(line)s.") % {
                    "line": seen[email]
                }
            seen.setdefault(email, line)
            rows.append(row)
    except csv.Error:
        return ParsedFile([], _("The file could not be read as CSV."))
    if not rows:
        return ParsedFile([], _("There are no people in the file."))
    return ParsedFile(rows)
