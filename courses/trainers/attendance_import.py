"""Reading a webinar's attendance report (CSV) exported by the meeting system.

Pure: bytes in, rows and people out; no models, no database. The webinar views show the
result as a preview (per-row errors, who was matched to the roster and how surely) and the
service stores what the trainer confirms.

Two formats, told apart by their content, not by the file name:

BigBlueButton, learning dashboard → “Download session data” (``makeUserCSVData`` in
bigbluebutton/bigbluebutton ``bbb-learning-dashboard/src/services/UserService.js``)
    One header line of column labels, translated into the language of the moderator's browser
    (``bigbluebutton-html5/public/locales/<lang>.json`` merged over ``en.json``), then one line
    per person with every value in double quotes, CRLF line ends, UTF-8 without a BOM::

        Name,Moderator,Activity Score,Talk time,Webcam Time,Messages,Reactions,Poll Votes,
        Raise Hands,Join,Left,Duration[,one column per poll]

    2.4 wrote “Emojis” where “Reactions” is now and left most values unquoted. ``Join`` and
    ``Left`` are ``Intl`` dates in the browser's locale and time zone — “11/24/2026, 10:02:15 AM”
    (en-US, often with a narrow no-break space before AM), “24.11.2026, 10:02:15” (ru, kk, uk,
    de), “24.11.2026 10:02:15” (tr), “24/11/2026, 10:02:15” (pt-BR, en-GB); ``Left`` is “-”
    for someone still in the meeting. ``Duration`` is hh:mm:ss, the sum of the person's
    sessions. “Activity Score” and “Duration” have no entry in ``en.json``, so they stay English
    in every language, and BigBlueButton's ``kk.json`` has no dashboard strings at all, so a
    Kazakh browser writes English labels with Kazakh dates. A last line named “Anonymous”
    (translated) with empty values carries anonymous poll answers and is skipped. There is no
    e-mail column: people are matched to the roster by name.

Zoom, Reports → Usage → Participants → Export
    Optionally a meeting block first — ``Meeting ID,Topic,Start Time,End Time,User Email,
    Duration (Minutes),Participants``, one line of values and a blank line — then
    ``Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest[,…]`` with
    one line per join. Newer exports write ``User Name,User Email,Join time,Leave time,
    Duration(Minutes),Attentiveness Score``; “Export with meeting data” repeats the meeting's
    columns at the start of every line, so “User Email” and “Duration (Minutes)” appear twice
    and the participant's are the ones after the name. Times are in the Zoom account's time
    zone: “11/24/2026 10:02:15 AM”, or “11/24/2026 13:00:50”, month first unless a day above 12
    shows the account writes the day first. Guests have no e-mail.

Times in the file are read in the time zone the caller passes and returned aware, in UTC.
Each person's minutes are their join intervals merged, so a rejoin or a second device is
counted once. Spreadsheets re-saved by Excel (Windows-1251, semicolons, a BOM, UTF-16 “Unicode
text” with tabs, dates without seconds) are read too. Zoom's webinar attendee report (several
sections in one file) and XLSX files are not.
"""

import csv
import difflib
import functools
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

MAX_ROWS = 10_000
FUZZY_THRESHOLD = 0.8  # a name this similar is proposed as the person; the trainer confirms
CANDIDATE_THRESHOLD = 0.5  # names this similar are offered in the preview's list
MAX_CANDIDATES = 5
TRANSLITERATED_CAP = 0.95  # a match found only through transliteration is never “exact”

# --- Labels --------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case-folded, ё→е, accents of Latin letters dropped (é→e, ş→s); Cyrillic and Kazakh
    letters (й, ї, ә, ғ, қ, ң, ө, ұ, ү, һ, і) kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept: list[str] = []
    latin_base = False
    for char in decomposed:
        if unicodedata.combining(char):
            if latin_base:
                continue
        else:
            latin_base = ord(char) < 0x250
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).replace("ё", "е").replace("ı", "i")


def _label(text: str) -> str:
    """A column label reduced to its letters and digits: “Duration (Minutes)” → durationminutes."""
    return "".join(char for char in _fold(text) if char.isalnum())


def _labels(*texts: str) -> frozenset[str]:
    return frozenset(_label(text) for text in texts)


# BigBlueButton: app.learningDashboard.usersTable.* in en, ru, uk_UA, de, tr and pt_BR.json.
# Other languages are recognised by the column layout (see _bbb_columns).
BBB_NAME = _labels("Name", "Имя", "Ім'я", "Ad", "Nome", "User", "Пользователь")
BBB_JOIN = _labels("Join", "Вошел", "Приєднатися", "Teilnahme", "Katıl", "Entrou")
BBB_LEFT = _labels("Left", "Вышел", "Зліва", "Verlassen", "Ayrıl", "Saiu")
BBB_DURATION = _labels("Duration")
BBB_ACTIVITY = _labels("Activity Score")
BBB_ANONYMOUS = _labels("Anonymous", "Анонимно", "Анонім", "Anonym", "Anonim", "Anônimos")
BBB_POSITIONS = {"name": 0, "join": 9, "left": 10, "duration": 11}

ZOOM_NAME = (  # in order of preference
    _labels("Name (Original Name)", "User Name (Original Name)"),
    _labels("User Name", "Name"),
    _labels("Participant", "Participant Name"),
)
ZOOM_EMAIL = (_labels("User Email"), _labels("Email", "Participant Email"))
ZOOM_JOIN = _labels("Join Time")
ZOOM_LEAVE = _labels("Leave Time")
ZOOM_DURATION = _labels("Duration (Minutes)", "Duration")
ZOOM_TOTAL = _labels("Total Duration (Minutes)")  # the “unique users” summary: no times
ZOOM_MEETING = _labels("Meeting ID", "Topic")
ZOOM_START = _labels("Start Time")

# --- Public data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterPerson:
    """Someone the webinar's attendance may be credited to (a learner of the cohort)."""

    id: int
    full_name: str
    email: str


@dataclass
class AttendanceRow:
    """One line of the file.

    ``error`` is "" when the line was read; otherwise a message in the active language, and the
    line counts for nobody. ``minutes`` is the line's own duration (Zoom's “Duration (Minutes)”,
    BigBlueButton's hh:mm:ss rounded to minutes, or the join-to-leave time when the file has no
    duration column).
    """

    line: int
    name: str
    email: str
    joined_at: datetime | None  # aware, UTC
    left_at: datetime | None  # None: still in the meeting when BigBlueButton's file was saved
    minutes: int
    error: str


@dataclass
class PersonAttendance:
    """One person, all their lines merged.

    ``key`` is stable for the preview form: ``email:<address>`` or ``name:<normalised name>``.
    ``minutes`` is the time present with overlapping intervals merged, so a rejoin or a second
    device is not counted twice. ``match`` is "email", "name" (exact once normalised: case,
    ё/е, punctuation, word order), "fuzzy" (similar, or an exact name shared by several roster
    people) or "none"; ``certain`` is True only for "email" and "name", and the trainer
    confirms the others. ``person_id`` is the proposed roster person: for "fuzzy", the most
    similar one (None when two are equally similar). ``candidates`` lists roster ids with a
    similarity of 0..1, best first, for every uncertain match.
    """

    key: str
    name: str
    email: str
    lines: list[int]
    joined_at: datetime | None  # first join
    left_at: datetime | None  # last leave; None if someone was still in the meeting
    minutes: int
    person_id: int | None
    match: str
    certain: bool
    candidates: list[tuple[int, float]]


@dataclass
class ParsedAttendance:
    """The file read: its lines, the people they make, or one file-level error.

    ``source`` is "bbb" or "zoom" ("" when the file could not be recognised).
    ``meeting_started_at`` is Zoom's meeting start when the file has the meeting block,
    otherwise the earliest join in the file.
    """

    source: str
    rows: list[AttendanceRow]
    people: list[PersonAttendance]
    error: str
    meeting_started_at: datetime | None

    @property
    def ok(self) -> bool:
        """Readable as it is: no file error, some lines, and no line with an error."""
        return not self.error and bool(self.rows) and not any(row.error for row in self.rows)


def share_present(minutes: int, duration_minutes: int) -> float:
    """The share of a webinar someone attended, 0..1: 45 of 60 minutes → 0.75.

    Capped at 1 (people join before the start and stay after the end); 0 for a webinar
    without a duration.
    """
    if duration_minutes <= 0:
        return 0.0
    return max(0.0, min(1.0, minutes / duration_minutes))


# --- Reading the file ----------------------------------------------------------------------


@dataclass
class _Layout:
    source: str
    header: int  # index into the records
    columns: dict[str, int]
    meeting_start: str = ""


@dataclass
class _Read:
    row: AttendanceRow
    key: str
    names: list[str]  # the name and, for Zoom's “Name (Original Name)”, both of its parts
    seconds: float  # time present on this line


def _failed(message: str) -> ParsedAttendance:
    return ParsedAttendance(source="", rows=[], people=[], error=message, meeting_started_at=None)


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{max(1, limit // 1000)} KB"


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)  # Excel's “Unicode text”
    else:
        encodings = ("utf-8-sig", "cp1251")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for char in text if char < " " and char not in "\t\r\n")
    return controls > max(2, len(text) // 100)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank CSV records with the line each starts on. Raises csv.Error."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    for cells in reader:
        line = previous_end + 1
        previous_end = reader.line_num
        if any(cell.strip() for cell in cells):
            records.append((line, cells))
            if len(records) > MAX_ROWS + 10:
                break
    return records


def _first(labels: list[str], *wanted: frozenset[str], after: int = -1) -> int | None:
    """The first column past ``after`` whose label is in the first group of ``wanted`` that
    has one."""
    for group in wanted:
        for index, label in enumerate(labels):
            if index > after and label in group:
                return index
    return None


def _bbb_columns(labels: list[str]) -> dict[str, int] | None:
    columns = {
        "name": _first(labels, BBB_NAME),
        "join": _first(labels, BBB_JOIN),
        "left": _first(labels, BBB_LEFT),
        "duration": _first(labels, BBB_DURATION),
    }
    found = {key: index for key, index in columns.items() if index is not None}
    if columns["name"] == 0 and columns["join"] is not None and columns["left"] is not None:
        return found
    # Any language: “Activity Score” and “Duration” are never translated, and the twelve
    # columns before the polls have kept their places since 2.4.
    if (
        len(labels) >= 12
        and labels[BBB_POSITIONS["duration"]] in BBB_DURATION
        and labels[2] in BBB_ACTIVITY
    ):
        return dict(BBB_POSITIONS)
    return None


def _zoom_columns(labels: list[str]) -> dict[str, int] | None:
    # With “Export with meeting data” the meeting's columns come first on every line and
    # repeat “User Email” and “Duration (Minutes)”: the participant's are those after the name.
    name = _first(labels, *ZOOM_NAME)
    if name is None:
        return None
    columns = {"name": name}
    for column, wanted in (
        ("email", ZOOM_EMAIL),
        ("join", (ZOOM_JOIN,)),
        ("left", (ZOOM_LEAVE,)),
        ("duration", (ZOOM_DURATION,)),
    ):
        index = _first(labels, *wanted, after=name)
        if index is not None:
            columns[column] = index
    if "join" not in columns or "left" not in columns:
        return None
    start = _first(labels, ZOOM_START)
    if start is not None and start < name:
        columns["start"] = start
    return columns


def _layout(records: list[tuple[int, list[str]]]) -> _Layout | str:
    """Where the participants' header is and what its columns are, or a file-level error."""
    for index, (_line, cells) in enumerate(records[:30]):
        labels = [_label(cell) for cell in cells]
        zoom = _zoom_columns(labels)
        if zoom is not None:
            if "start" in zoom:
                following = records[index + 1 : index + 2]
                start = _cell(following[0][1], zoom, "start") if following else ""
            else:
                start = _zoom_meeting_start(records[:index])
            return _Layout("zoom", index, zoom, start)
        bbb = _bbb_columns(labels)
        if bbb is not None:
            return _Layout("bbb", index, bbb)
        if _first(labels, *ZOOM_NAME) is not None and _first(labels, ZOOM_TOTAL) is not None:
            return _(
                "This is Zoom’s list of unique participants, without join and leave times. "
                "Export the participants report again with “Show unique users” unticked."
            )
    return _(
        "This is not an attendance report we can read. Upload the CSV file from "
        "BigBlueButton’s learning dashboard (“Download session data”) or Zoom’s "
        "participants report."
    )


def _zoom_meeting_start(before: list[tuple[int, list[str]]]) -> str:
    for index, (_line, cells) in enumerate(before[:-1]):
        labels = [_label(cell) for cell in cells]
        if not ZOOM_MEETING & set(labels):
            continue
        start = _first(labels, ZOOM_START)
        values = before[index + 1][1]
        if start is not None and start < len(values):
            return values[start]
    return ""


# --- Times and durations -------------------------------------------------------------------

_WHEN = re.compile(
    r"""^(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?
    (?:,?\s+|T)
    (?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?
    \s*(?P<ampm>[ap]\.?\s?m\.?)?
    \s*(?P<tz>z|utc|gmt|[+-]\d{2}:?\d{2})?$""",
    re.IGNORECASE | re.VERBOSE,
)
_MISSING = {"", "-", "—", "–", "n/a"}


def _clean(value: str) -> str:
    """Spaces of every kind made plain; format marks (bidi, zero-width) dropped."""
    text = "".join(
        " " if char.isspace() else char for char in value if unicodedata.category(char) != "Cf"
    )
    return " ".join(text.split())


def _day_first(values: list[str], default: bool) -> bool:
    """Whether “05/06/2026” means 5 June in this file: a day above 12 anywhere decides."""
    for value in values:
        match = _WHEN.match(_clean(value))
        if match and match["sep"] == "/" and len(match["a"]) <= 2:
            if int(match["a"]) > 12:
                return True
            if int(match["b"]) > 12:
                return False
    return default


def _when(value: str, zone: ZoneInfo, *, day_first: bool) -> datetime | None:
    """An aware UTC datetime, or None when the text is not a date and time."""
    match = _WHEN.match(_clean(value))
    if not match:
        return None
    a, b, c = match["a"], match["b"], match["c"]
    try:
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        elif len(c) in (2, 4):
            year = int(c) + (2000 if len(c) == 2 else 0)
            if match["sep"] != "/" or day_first:
                day, month = int(a), int(b)
            else:
                month, day = int(a), int(b)
        else:
            return None
        hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
        if match["ampm"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
        tz = match["tz"]
        if tz is None:
            zone_info: ZoneInfo | timezone = zone
        elif tz.lower() in ("z", "utc", "gmt"):
            zone_info = UTC
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            zone_info = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        return datetime(year, month, day, hour, minute, second, tzinfo=zone_info).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _hms(value: str) -> float | None:
    """Seconds in BigBlueButton's hh:mm:ss (or h:mm after a spreadsheet dropped the seconds)."""
    parts = _clean(value).split(":")
    if not 2 <= len(parts) <= 3 or not all(part.isdigit() and part.isascii() for part in parts):
        return None
    hours, minutes, seconds = (int(part) for part in [*parts, "0"][:3])
    if minutes >= 60 or seconds >= 60:
        return None
    return float(hours * 3600 + minutes * 60 + seconds)


def _minutes(value: str) -> float | None:
    """Zoom's “Duration (Minutes)”: 42, or 42.0 in newer exports."""
    text = _clean(value).replace(",", ".")
    if not re.fullmatch(r"\d{1,6}(?:\.\d+)?", text):
        return None
    return float(text)


def _round_minutes(seconds: float) -> int:
    return int((seconds + 30) // 60)


# --- Lines ---------------------------------------------------------------------------------


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def _name_parts(name: str) -> list[str]:
    """“Ivan (Иван Петров)” → the whole, the display name and Zoom's original name."""
    parts = [name]
    match = re.fullmatch(r"(.*?)\s*\(([^()]+)\)", name)
    if match:
        parts += [part for part in (match[1], match[2]) if part.strip()]
    return parts


def _read_line(
    line: int,
    cells: list[str],
    layout: _Layout,
    zone: ZoneInfo,
    *,
    day_first: bool,
) -> _Read | None:
    """One line read, with its error if any; None for BigBlueButton's anonymous-answers line."""
    columns = layout.columns
    bbb = layout.source == "bbb"
    name = " ".join(_cell(cells, columns, "name").replace('"', " ").split())
    email = _cell(cells, columns, "email").lower()
    join_text = _cell(cells, columns, "join")
    left_text = _cell(cells, columns, "left")
    duration_text = _cell(cells, columns, "duration")
    if bbb and _label(name) in BBB_ANONYMOUS and not (join_text or left_text or duration_text):
        return None

    row = AttendanceRow(
        line=line, name=name, email=email, joined_at=None, left_at=None, minutes=0, error=""
    )
    errors: list[str] = []
    if not name and not email:
        errors.append(_("The line has neither a name nor an e-mail address."))

    if join_text.lower() in _MISSING:
        errors.append(_("The join time is missing."))
    else:
        row.joined_at = _when(join_text, zone, day_first=day_first)
        if row.joined_at is None or not 2000 <= row.joined_at.year <= 2100:
            row.joined_at = None
            errors.append(_unreadable_time(join_text))

    if left_text.lower() in _MISSING:
        if not bbb:  # BigBlueButton writes “-” for someone still in the meeting
            errors.append(_("The leave time is missing."))
    else:
        row.left_at = _when(left_text, zone, day_first=day_first)
        if row.left_at is not None and bbb and row.left_at.year <= 1970:
            row.left_at = None  # 2.4 wrote the epoch for someone still in the meeting
        elif row.left_at is None or not 2000 <= row.left_at.year <= 2100:
            row.left_at = None
            errors.append(_unreadable_time(left_text))

    span = None
    if row.joined_at and row.left_at:
        span = (row.left_at - row.joined_at).total_seconds()
        if span < 0:
            errors.append(
                _("The leave time (%(left)s) is before the join time (%(joined)s).")
                % {"left": left_text[:40], "joined": join_text[:40]}
            )
            span = None

    seconds: float | None = None
    if "duration" in columns and duration_text:
        seconds = _hms(duration_text) if bbb else _minutes(duration_text)
        if seconds is None:
            if bbb:
                message = _("“%(value)s” is not a duration in hours:minutes:seconds.")
            else:
                message = _("“%(value)s” is not a number of minutes.")
            errors.append(message % {"value": duration_text[:40]})
        elif not bbb:
            seconds *= 60
    if seconds is not None:
        row.minutes = _round_minutes(seconds)
    elif span is not None:
        row.minutes = _round_minutes(span)
    elif "duration" in columns and not errors:
        errors.append(_("The duration is missing."))

    # Time present on the line: Zoom's join-to-leave; BigBlueButton's own duration, which
    # leaves out the gaps between sessions (_present_seconds keeps it within join-to-leave).
    present = seconds if bbb and seconds is not None else (span or 0.0)

    row.error = errors[0] if errors else ""
    names = _name_parts(name) if name else []
    # Zoom's original name stays when someone renames themselves mid-meeting.
    who = name if bbb else (names[-1] if names else "")
    key = f"email:{email}" if email else f"name:{_name_key(who) or _fold(who)}"
    return _Read(row=row, key=key, names=names, seconds=present)


def _unreadable_time(value: str) -> str:
    return _("“%(value)s” is not a date and time.") % {"value": value[:40]}


# --- Names ---------------------------------------------------------------------------------

_APOSTROPHES = "'’‘ʼʻ`´"
# fmt: off
_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i", "ї": "i", "є": "e", "ґ": "g",
})
# fmt: on


def _name_tokens(name: str) -> tuple[str, ...]:
    """Words of a name, folded and sorted, so word order, case, ё/е, punctuation and Zoom's
    “015_” seat numbers do not matter."""
    text = _fold(name)
    for apostrophe in _APOSTROPHES:
        text = text.replace(apostrophe, "")
    words = "".join(char if char.isalnum() else " " for char in text).split()
    return tuple(sorted(word for word in words if not word.isdigit()))


def _name_key(name: str) -> str:
    return " ".join(_name_tokens(name))


def _latin(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Cyrillic (Russian, Kazakh, Ukrainian) letters spelt in Latin: “Нурлан” → nurlan."""
    return tuple(sorted(token.translate(_LATIN) for token in tokens))


@functools.lru_cache(maxsize=65_536)
def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """0..1. Each word of the shorter name against its best match in the other, multiplied:
    a typo costs a little, another first name a lot. A missing word (a patronymic) costs 10%,
    a one-word name against a longer one 40%, unless it is the whole name without spaces."""
    if not a or not b:
        return 0.0
    short, long_ = sorted((a, b), key=len)
    score = 1.0
    for word in short:
        score *= max(_ratio(word, other) for other in long_)
    if len(short) < len(long_):
        score *= 0.9 if len(short) >= 2 else 0.6
    if len(short) == 1 < len(long_):  # “НурланСапаров” typed without the space
        glued = max(_ratio(short[0], "".join(long_)), _ratio(short[0], "".join(long_[::-1])))
        score = max(score, 0.9 * glued)
    return score


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class _Entry:
    id: int
    tokens: tuple[str, ...]
    latin: tuple[str, ...]
    letters: frozenset[str]
    latin_letters: frozenset[str]


class _Roster:
    """The roster, indexed for matching by e-mail, by exact name and by similar name."""

    def __init__(self, people: Sequence[RosterPerson]):
        self.by_email: dict[str, int] = {}
        self.by_tokens: dict[tuple[str, ...], list[int]] = {}
        self.entries: list[_Entry] = []
        for person in people:
            email = (person.email or "").strip().lower()
            if email:
                self.by_email.setdefault(email, person.id)
            tokens = _name_tokens(person.full_name or "")
            if tokens:
                self.by_tokens.setdefault(tokens, []).append(person.id)
                latin = _latin(tokens)
                letters = frozenset("".join(tokens))
                self.entries.append(
                    _Entry(person.id, tokens, latin, letters, frozenset("".join(latin)))
                )

    def match(
        self, names: list[str], email: str
    ) -> tuple[int | None, str, bool, list[tuple[int, float]]]:
        """(person id, match, certain, candidates) for someone with these names and e-mail."""
        if email and email in self.by_email:
            return self.by_email[email], "email", True, []
        variants = [tokens for tokens in dict.fromkeys(map(_name_tokens, names)) if tokens]
        exact: list[int] = []
        for tokens in variants:
            exact += [pid for pid in self.by_tokens.get(tokens, []) if pid not in exact]
        if len(exact) == 1:
            return exact[0], "name", True, []
        scores = dict.fromkeys(exact, 1.0)  # one name, several roster people: the trainer picks
        for tokens in variants:
            latin = _latin(tokens)
            letters, latin_letters = frozenset("".join(tokens)), frozenset("".join(latin))
            for entry in self.entries:
                if entry.id in exact:
                    continue
                if (
                    _overlap(letters, entry.letters) < 0.25
                    and _overlap(latin_letters, entry.latin_letters) < 0.25
                ):
                    continue  # nothing alike: skip the slow comparison
                score = _similarity(tokens, entry.tokens)
                if (latin != tokens) != (entry.latin != entry.tokens):  # Latin against Cyrillic
                    score = max(score, min(_similarity(latin, entry.latin), TRANSLITERATED_CAP))
                scores[entry.id] = max(scores.get(entry.id, 0.0), score)
        ranked = sorted(
            ((pid, round(score, 3)) for pid, score in scores.items()),
            key=lambda item: (-item[1], item[0]),
        )
        candidates = [item for item in ranked if item[1] >= CANDIDATE_THRESHOLD][:MAX_CANDIDATES]
        if candidates and candidates[0][1] >= FUZZY_THRESHOLD:
            tied = len(candidates) > 1 and candidates[1][1] == candidates[0][1]
            return (None if tied else candidates[0][0]), "fuzzy", False, candidates
        return None, "none", False, candidates


# --- People --------------------------------------------------------------------------------


def _present_seconds(spans: list[tuple[datetime, datetime, float]]) -> float:
    """Time present: overlapping intervals merged; within each merged stretch, never more
    than the lines' own durations add up to (BigBlueButton's durations skip the gaps)."""
    total = 0.0
    stretch: tuple[datetime, datetime, float] | None = None
    for start, end, seconds in sorted(spans, key=lambda span: span[0]):
        if stretch is not None and start <= stretch[1]:
            stretch = (stretch[0], max(stretch[1], end), stretch[2] + seconds)
            continue
        if stretch is not None:
            total += min((stretch[1] - stretch[0]).total_seconds(), stretch[2])
        stretch = (start, end, seconds)
    if stretch is not None:
        total += min((stretch[1] - stretch[0]).total_seconds(), stretch[2])
    return total


def _group(reads: list[_Read]) -> list[list[_Read]]:
    """Lines of one person together: by e-mail, else by name. Lines without an e-mail join the
    e-mail's group when exactly one e-mail was used with that name (a guest phone next to a
    signed-in laptop)."""
    groups: dict[str, list[_Read]] = {}
    for read in reads:
        groups.setdefault(read.key, []).append(read)
    emails_by_name: dict[str, set[str]] = {}
    for key, members in groups.items():
        if key.startswith("email:"):
            for read in members:
                if read.names:
                    emails_by_name.setdefault(_name_key(read.names[-1]), set()).add(key)
    for key in [key for key in groups if key.startswith("name:")]:
        emails = emails_by_name.get(key.removeprefix("name:"), set())
        if len(emails) == 1:
            groups[next(iter(emails))].extend(groups.pop(key))
    return list(groups.values())


def _person(members: list[_Read], roster: _Roster) -> PersonAttendance:
    members.sort(key=lambda read: read.row.line)
    rows = [read.row for read in members]
    spans = []
    for read in members:
        start = read.row.joined_at
        if start is not None:
            end = read.row.left_at or start + timedelta(seconds=read.seconds)
            spans.append((start, end, read.seconds))
    joins = [row.joined_at for row in rows if row.joined_at]
    leaves = [row.left_at for row in rows if row.left_at]
    email = next((row.email for row in rows if row.email), "")
    names = list(dict.fromkeys(name for read in members for name in read.names))
    person_id, match, certain, candidates = roster.match(names, email)
    return PersonAttendance(
        key=members[0].key,
        name=next((row.name for row in rows if row.name), email),
        email=email,
        lines=[row.line for row in rows],
        joined_at=min(joins) if joins else None,
        left_at=max(leaves) if len(leaves) == len(rows) else None,
        minutes=_round_minutes(_present_seconds(spans)),
        person_id=person_id,
        match=match,
        certain=certain,
        candidates=candidates,
    )


# --- The whole file ------------------------------------------------------------------------


def parse_attendance(
    data: bytes,
    *,
    roster: Sequence[RosterPerson],
    time_zone: str,
    max_bytes: int = 2_000_000,
) -> ParsedAttendance:
    """Read a BigBlueButton or Zoom attendance CSV and match its people to ``roster``.

    ``time_zone`` (e.g. "Asia/Almaty") is the zone the file's times are written in: the
    moderator's browser for BigBlueButton, the Zoom account's for Zoom. Never raises on
    anything in ``data``: a file that cannot be used gets ``error``, a line that cannot be used
    gets ``row.error`` and the other lines are still read. Raises ValueError for a
    ``time_zone`` that does not exist, which is the caller's mistake, not the file's.
    """
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone: {time_zone!r}") from error
    if len(data) > max_bytes:
        return _failed(_("The file is larger than %(size)s.") % {"size": _size(max_bytes)})
    text = _decode(data)
    if text is None or _looks_binary(text):
        return _failed(
            _("This is not a CSV text file. Download the attendance report as CSV and upload it.")
        )
    try:
        records = _records(text)
    except csv.Error:
        return _failed(_("The file could not be read as CSV."))
    if not records:
        return _failed(_("The file is empty."))
    layout = _layout(records)
    if isinstance(layout, str):
        return _failed(layout)
    lines = records[layout.header + 1 :]
    if len(lines) > MAX_ROWS:
        return _failed(_("More than %(max)s lines.") % {"max": MAX_ROWS})

    every_cell = [cell for _line, cells in lines for cell in cells]
    if layout.source == "zoom":
        day_first = _day_first([*every_cell, layout.meeting_start], default=False)
    else:  # “11/24/2026, 10:02:15 AM” is en-US; “24/11/2026, 10:02:15” is pt-BR or en-GB
        times = [
            cells[layout.columns[column]]
            for _line, cells in lines
            for column in ("join", "left")
            if layout.columns[column] < len(cells)
        ]
        has_ampm = any(re.search(r"\d\s*[AaPp]\.?\s?[Mm]\.?$", _clean(value)) for value in times)
        day_first = _day_first(every_cell, default=not has_ampm)

    reads = [
        read
        for line, cells in lines
        if (read := _read_line(line, cells, layout, zone, day_first=day_first)) is not None
    ]
    if not reads:
        return ParsedAttendance(
            source=layout.source,
            rows=[],
            people=[],
            error=_("There are no participants in the file."),
            meeting_started_at=None,
        )
    index = _Roster(roster)
    good = [read for read in reads if not read.row.error]
    people = [_person(members, index) for members in _group(good)]
    people.sort(key=lambda person: person.lines[0])
    started = _when(layout.meeting_start, zone, day_first=day_first)
    if started is None:
        joins = [read.row.joined_at for read in reads if read.row.joined_at and not read.row.error]
        started = min(joins) if joins else None
    return ParsedAttendance(
        source=layout.source,
        rows=[read.row for read in reads],
        people=people,
        error="",
        meeting_started_at=started,
    )
