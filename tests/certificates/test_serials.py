"""Serial numbers as people type them from paper: forgiving, yet never mistaken for another."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from certificates.serials import Serial, format_serial, parse_serial

PREFIX = "ВД"  # settings.CERTIFICATE_SERIAL_PREFIX (Latin spelling: VD)
VOUCHER_PREFIX = "СК"  # settings.VOUCHER_SERIAL_PREFIX (Latin spelling: SK)

years = st.integers(min_value=2000, max_value=2999)
numbers = st.integers(min_value=1, max_value=999_999)
# What people put between the parts: any dash (Unicode's "Pd"), any space, or nothing.
dashes = st.characters(categories=["Pd"])
spaces = st.characters(categories=["Zs"]) | st.sampled_from(["\t"])
separators = st.lists(dashes | spaces, min_size=1, max_size=3).map("".join)


def test_format_pads_the_number_to_six_digits():
    assert format_serial(PREFIX, 2026, 123) == "ВД-2026-000123"
    assert format_serial(PREFIX, 2026, 999_999) == "ВД-2026-999999"


def test_a_serial_prints_as_it_is_formatted():
    assert str(Serial(prefix=PREFIX, year=2026, number=7)) == "ВД-2026-000007"


@pytest.mark.parametrize(
    "typed",
    [
        "ВД-2026-000123",
        "вд-2026-000123",  # lower case
        "Вд-2026-000123",
        "VD-2026-000123",  # the Latin spelling of the prefix
        "vd 2026 123",
        "VD 2026 123",
        "ВД-2026-123",  # leading zeros left out
        "ВД-2026-0123",
        "ВД–2026–000123",  # en dash
        "ВД—2026—000123",  # em dash
        "ВД‑2026‑000123",  # non-breaking hyphen
        "ВД−2026−000123",  # minus sign
        "ВД 2026 000123",
        "ВД - 2026 - 000123",
        "ВД\u00a02026\u00a0000123",  # non-breaking spaces, as copied from a web page
        "ВД\u202f2026\u202f000123",  # narrow non-breaking spaces (Russian typography)
        "ВД\t2026\t000123",
        "ВД/2026/000123",
        "ВД.2026.000123",
        "ВД_2026_000123",
        "ВД2026000123",  # no separators at all
        "ВД-2026000123",
        "  ВД-2026-000123  ",  # surrounding spaces
        "\nВД-2026-000123\n",
    ],
)
def test_forgiving_spellings_of_one_serial(typed):
    assert parse_serial(typed) == Serial(prefix=PREFIX, year=2026, number=123)


def test_the_latin_prefix_is_read_as_ours():
    serial = parse_serial("vd-2031-5")
    assert serial is not None
    assert serial.prefix == PREFIX
    assert str(serial) == "ВД-2031-000005"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "ВД",
        "ВД-2026",
        "2026-000123",  # no prefix
        "АБ-2026-000123",  # somebody else's prefix
        "XY-2026-000123",
        "ВДД-2026-000123",
        "В-2026-000123",
        "ВД-1999-000123",  # years outside 2000–2999
        "ВД-3000-000123",
        "ВД-0000-000123",
        "ВД-2026-000000",  # there is no number 0
        "ВД-2026-0",
        "ВД-26-000123",  # two-digit year
        "ВД-2026-00A123",
        "ВД-2026-000123-1",
        "ВД-2026-1234567890",  # ten digits: not a number we hand out
        "ВД-2026-000123; DROP TABLE",
        "<script>alert(1)</script>",
        "ВД-2026-" + "1" * 100,  # very long
        "hello world",
        "😀-2026-000123",
    ],
)
def test_garbage_is_not_a_serial(typed):
    assert parse_serial(typed) is None


@given(year=years, number=numbers)
def test_format_then_parse_round_trips(year, number):
    text = format_serial(PREFIX, year, number)
    serial = parse_serial(text)
    assert serial == Serial(prefix=PREFIX, year=year, number=number)
    assert str(serial) == text


@given(year=years, number=numbers, first=separators, second=separators)
@example(year=2026, number=123, first="\u00a0", second="\u00a0")
@example(year=2026, number=123, first="\uff0d", second="\uff0d")  # full-width hyphen-minus
@example(year=2026, number=123, first="\u2e3a", second="\u3000")  # two-em dash, ideographic space
def test_any_dash_or_space_between_the_parts(year, number, first, second):
    for prefix in ("ВД", "вд", "VD", "vd"):
        typed = f"{prefix}{first}{year}{second}{number}"
        assert parse_serial(typed) == Serial(prefix=PREFIX, year=year, number=number), typed


@given(year=years, number=numbers, zeros=st.integers(min_value=0, max_value=3))
def test_leading_zeros_do_not_matter(year, number, zeros):
    typed = f"ВД-{year}-{'0' * zeros}{number}"
    assert parse_serial(typed) == Serial(prefix=PREFIX, year=year, number=number)


@given(st.text())
@example("")
@example("ВД-2026-000123\n")
@example("ВД-٢٠٢٦-١٢٣")  # digits of another script
@example("ß" * 40)  # grows when upper-cased
def test_parse_never_raises_on_any_text(text):
    result = parse_serial(text)
    assert result is None or isinstance(result, Serial)


@given(st.text(max_size=70))
def test_whatever_is_accepted_reads_back_as_itself(text):
    """Parsing is a normalisation: the canonical form of an accepted serial parses to the
    same serial, and it is always one of ours."""
    serial = parse_serial(text)
    if serial is not None:
        assert serial.prefix in (PREFIX, VOUCHER_PREFIX)
        assert 2000 <= serial.year <= 2999
        assert serial.number >= 1
        assert parse_serial(str(serial)) == serial


@given(year=years, number=numbers, other=numbers)
def test_different_numbers_never_parse_alike(year, number, other):
    same = parse_serial(format_serial(PREFIX, year, number)) == parse_serial(
        format_serial(PREFIX, year, other)
    )
    assert same == (number == other)
