"""Serial numbers: ``ВД-2026-000123`` for certificates, ``СК-2026-000045`` for social-credit
vouchers, each sequential per year.

People type them from paper, so :func:`parse_serial` forgives case, spaces, any dash, a Latin
spelling of the prefix (``VD-2026-123``, ``SK-2026-45``) and missing leading zeros.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings

_SEPARATORS = "−_/."  # the minus sign is a math symbol, not a dash
_SERIAL_RE = re.compile(r"^(?P<prefix>[^\W\d_]{1,8})-*(?P<year>\d{4})-*(?P<number>\d{1,9})$")


@dataclass(frozen=True)
class Serial:
    prefix: str
    year: int
    number: int

    def __str__(self) -> str:
        return format_serial(self.prefix, self.year, self.number)

    @property
    def is_voucher(self) -> bool:
        return self.prefix == settings.VOUCHER_SERIAL_PREFIX


def format_serial(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def _prefixes() -> dict[str, str]:
    """Every spelling a person may type, upper-cased, to the prefix it stands for."""
    certificate, voucher = settings.CERTIFICATE_SERIAL_PREFIX, settings.VOUCHER_SERIAL_PREFIX
    return {
        certificate.upper(): certificate,
        settings.CERTIFICATE_SERIAL_PREFIX_LATIN.upper(): certificate,
        voucher.upper(): voucher,
        settings.VOUCHER_SERIAL_PREFIX_LATIN.upper(): voucher,
    }


def parse_serial(text: str) -> Serial | None:
    """The serial a person typed, or ``None`` if it cannot be one of ours."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    # Any dash (Unicode "Pd": hyphens, en/em dashes, full-width…), any space (tabs, no-break
    # spaces copied from a web page) and a few look-alike separators all read as "-".
    cleaned = "".join(
        "-" if char in _SEPARATORS or char.isspace() or unicodedata.category(char) == "Pd" else char
        for char in text.strip().upper()
    )
    match = _SERIAL_RE.match(cleaned)
    if not match:
        return None
    prefix = _prefixes().get(match["prefix"])
    if prefix is None:
        return None
    year, number = int(match["year"]), int(match["number"])
    if not 2000 <= year <= 2999 or number < 1:
        return None
    return Serial(prefix=prefix, year=year, number=number)
