"""A trainer uploads the meeting system's attendance report: BigBlueButton's learning-dashboard
export or Zoom's participants report. Each line is read with its own error, rejoins and second
devices are counted once, and people are matched to the roster by e-mail or by name."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from courses.trainers.attendance_import import (
    ParsedAttendance,
    RosterPerson,
    parse_attendance,
    share_present,
)

FILES = Path(__file__).parent / "files"
MOSCOW = "Europe/Moscow"
ALMATY = "Asia/Almaty"
ROSTER = [
    RosterPerson(1, "Нурлан Сапаров", "nurlan@example.kz"),
    RosterPerson(2, "Алена Иванова", "alena@example.ru"),
    RosterPerson(3, "Мария Петрова", "maria@example.ru"),
    RosterPerson(4, "Айгерим Бекова", "aigerim@example.kz"),
    RosterPerson(5, "Ольга Смирнова", "olga@example.ru"),
    RosterPerson(6, "Қайрат Жұмабаев", "kairat@example.kz"),
    RosterPerson(7, "Әсел Нұрланқызы", "asel@example.kz"),
    RosterPerson(8, "Ерлан Сапаров", "erlan@example.kz"),
]
BBB_EN = ["Name", "Moderator", "Activity Score", "Talk time", "Webcam Time", "Messages",
          "Reactions", "Poll Votes", "Raise Hands", "Join", "Left", "Duration"]  # fmt: skip
ZOOM_HEAD = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"


def _parse(data: bytes, *, roster=ROSTER, time_zone=MOSCOW, **kwargs) -> ParsedAttendance:
    with translation.override("en"):
        return parse_attendance(data, roster=roster, time_zone=time_zone, **kwargs)


def _file(name: str, **kwargs) -> ParsedAttendance:
    return _parse((FILES / name).read_bytes(), **kwargs)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def _bbb(labels: list[str], *rows: tuple[str, str, str, str]) -> bytes:
    """A file as the learning dashboard writes it: labels unquoted, values quoted, CRLF.
    Each row is (name, join, left, duration)."""
    lines = [",".join(labels)]
    for name, join, left, duration in rows:
        values = [name, "FALSE", "0", "-", "-", "0", "0", "0", "0", join, left, duration]
        lines.append(",".join(f'"{value}"' for value in values))
    return "\r\n".join(lines).encode()


def _zoom(*lines: str) -> bytes:
    return "\r\n".join([ZOOM_HEAD, *lines]).encode()


def _person(parsed: ParsedAttendance, name: str):
    (person,) = [p for p in parsed.people if p.name == name]
    return person


# --- BigBlueButton -------------------------------------------------------------------------


def test_bbb_english_export_in_an_en_us_browser():
    parsed = _file("bbb_en.csv")
    assert (parsed.source, parsed.error, parsed.ok) == ("bbb", "", True)
    # The last line, “Anonymous” with empty values, carries anonymous poll answers: skipped.
    assert [row.name for row in parsed.rows] == [
        "Anna Trainer", "Nurlan Saparov", "Aigerim Bekova", "Olga Smirnova", "Pat Guest",
    ]  # fmt: skip
    nurlan = parsed.rows[1]
    # “11/24/2026, 10:02:15 AM” with a narrow no-break space, in Moscow time
    assert (nurlan.line, nurlan.joined_at, nurlan.left_at, nurlan.minutes) == (
        3, _utc(2026, 11, 24, 7, 2, 15), _utc(2026, 11, 24, 8, 30, 2), 88,
    )  # fmt: skip
    assert parsed.rows[4].joined_at == _utc(2026, 11, 24, 9, 55)  # 12:55 PM
    assert parsed.meeting_started_at == _utc(2026, 11, 24, 7, 0, 5)  # no meeting block: first join

    aigerim = _person(parsed, "Aigerim Bekova")
    assert aigerim.minutes == 40  # BigBlueButton's duration leaves out her gap, not 55
    olga = _person(parsed, "Olga Smirnova")
    assert (olga.left_at, olga.minutes) == (None, 80)  # “-”: still there when it was saved

    # No e-mail column: names only. A Latin spelling of a Cyrillic roster name is proposed,
    # never certain; the trainer (a moderator) is simply not on the roster.
    nurlan = _person(parsed, "Nurlan Saparov")
    assert (nurlan.person_id, nurlan.match, nurlan.certain) == (1, "fuzzy", False)
    assert nurlan.candidates[0][0] == 1
    assert _person(parsed, "Anna Trainer").match == "none"


def test_bbb_russian_export_matches_names_to_the_roster():
    parsed = _file("bbb_ru.csv", time_zone=ALMATY)
    assert (parsed.source, parsed.ok) == ("bbb", True)
    assert "Анонимно" not in [row.name for row in parsed.rows]
    row = parsed.rows[1]
    assert row.joined_at == _local(ALMATY, 2026, 11, 24, 10, 2, 15)  # “24.11.2026, 10:02:15”
    assert row.joined_at.tzinfo == UTC

    swapped = _person(parsed, "Сапаров Нурлан")  # roster: “Нурлан Сапаров”
    assert (swapped.person_id, swapped.match, swapped.certain, swapped.candidates) == (
        1, "name", True, [],
    )  # fmt: skip
    yo = _person(parsed, "Иванова Алёна")  # roster: “Алена Иванова”
    assert (yo.person_id, yo.match, yo.certain) == (2, "name", True)

    typo = _person(parsed, "Сапаров Нурлн")
    assert (typo.person_id, typo.match, typo.certain) == (1, "fuzzy", False)
    assert [pid for pid, _score in typo.candidates] == [1, 8]  # Нурлан first, then Ерлан
    assert typo.candidates[0][1] > 0.85 > typo.candidates[1][1]

    guest = _person(parsed, "Гость 1")
    assert (guest.person_id, guest.match, guest.certain) == (None, "none", False)


def test_bbb_kazakh_browser_writes_english_labels_and_kazakh_dates():
    parsed = _file("bbb_kk.csv", time_zone=ALMATY)
    assert (parsed.source, parsed.ok) == ("bbb", True)
    assert parsed.rows[0].joined_at == _local(ALMATY, 2026, 11, 24, 15, 0)
    asel = _person(parsed, "Нұрланқызы Әсел")  # roster: “Әсел Нұрланқызы”
    assert (asel.person_id, asel.match, asel.certain, asel.minutes) == (7, "name", True, 45)
    assert _person(parsed, "Қайрат Жұмабаев").person_id == 6


@pytest.mark.parametrize(
    ("labels", "join", "left"),
    [
        (  # uk_UA.json
            ["Ім'я", "Модератор", "Activity Score", "Час виступів", "Час відео", "Повідомлення",
             "Смайлики", "Результати опитування", "Підняті руки", "Приєднатися", "Зліва",
             "Duration"],
            "24.11.2026, 10:02:15", "24.11.2026, 10:47:15",
        ),
        (  # de.json
            ["Name", "Moderator", "Activity Score", "Redezeit", "Webcamzeit", "Nachrichten",
             "Emojis", "Abstimmungen", "Gehobene Hände", "Teilnahme", "Verlassen", "Duration"],
            "24.11.2026, 10:02:15", "24.11.2026, 10:47:15",
        ),
        (  # tr.json, and Turkish dates have no comma
            ["Ad", "Sorumlu", "Activity Score", "Konuşma süresi", "Kamera süresi", "İletiler",
             "Tepkiler", "Oylama sonuçları", "El kaldırma", "Katıl", "Ayrıl", "Duration"],
            "24.11.2026 10:02:15", "24.11.2026 10:47:15",
        ),
        (  # pt_BR.json, day first with slashes
            ["Nome", "Moderador", "Activity Score", "Tempo falando", "Tempo com camera",
             "Mensagens", "Reações", "Votos da enquete", "Mãos levantadas", "Entrou", "Saiu",
             "Duration"],
            "24/11/2026, 10:02:15", "24/11/2026, 10:47:15",
        ),
        (  # labels this module has no table for: found by the layout BigBlueButton keeps
            ["Nimi", "Moderaattori", "Activity Score", "a", "b", "c", "d", "e", "f", "Liittyi",
             "Poistui", "Duration"],
            "24.11.2026 10:02:15", "24.11.2026 10:47:15",
        ),
    ],
)  # fmt: skip
def test_bbb_headers_in_other_languages(labels, join, left):
    parsed = _parse(_bbb(labels, ("Нурлан Сапаров", join, left, "00:45:00")))
    assert parsed.error == ""
    (row,) = parsed.rows
    assert (row.joined_at, row.left_at, row.minutes, row.error) == (
        _utc(2026, 11, 24, 7, 2, 15), _utc(2026, 11, 24, 7, 47, 15), 45, "",
    )  # fmt: skip
    assert parsed.people[0].person_id == 1


def test_bbb_slash_dates_are_month_first_only_with_am_pm():
    en_us = _parse(_bbb(BBB_EN, ("A", "05/11/2026, 10:00:00 AM", "05/11/2026, 11:00:00 AM", "")))
    en_gb = _parse(_bbb(BBB_EN, ("A", "05/11/2026, 10:00:00", "05/11/2026, 11:00:00", "")))
    assert en_us.rows[0].joined_at == _utc(2026, 5, 11, 7)  # 11 May
    assert en_gb.rows[0].joined_at == _utc(2026, 11, 5, 7)  # 5 November
    # No duration on the line: join to leave.
    assert (en_gb.rows[0].minutes, en_gb.rows[0].error) == (60, "")
    no_time = _parse(_bbb(BBB_EN, ("A", "05/11/2026, 10:00:00", "-", "")))
    assert no_time.rows[0].error == "The duration is missing."


def test_bbb_2_4_export():
    parsed = _file("bbb_legacy_24.csv")
    assert (parsed.source, parsed.ok) == ("bbb", True)
    ivan, olga = parsed.rows
    assert (ivan.name, ivan.minutes) == ("Ivan Petrov", 58)  # 00:57:45
    # 2.4 wrote the epoch (1/1/1970, 3:00:00 AM in Moscow) for someone still in the meeting.
    assert (olga.left_at, olga.minutes, olga.error) == (None, 45, "")


def test_bbb_two_devices_are_not_counted_twice():
    # BigBlueButton adds up the sessions of all of a person's connections, so a laptop and a
    # phone at once make 01:30:00 between 10:00 and 10:45.
    parsed = _parse(_bbb(BBB_EN, ("A", "24.11.2026, 10:00:00", "24.11.2026, 10:45:00", "01:30:00")))
    assert parsed.rows[0].minutes == 90  # the line as written
    assert parsed.people[0].minutes == 45


def test_a_poll_answer_over_two_lines_keeps_the_line_numbers_right():
    data = (
        _bbb([*BBB_EN, "Poll"], ("A", "24.11.2026, 10:00:00", "-", "00:10:00")).replace(
            b'"00:10:00"', b'"00:10:00","first\r\nsecond"'
        )
        + b'\r\n"B","FALSE","0","-","-","0","0","0","0","24.11.2026, 10:00:00","-","00:20:00","-"'
    )
    parsed = _parse(data)
    assert [(row.name, row.line) for row in parsed.rows] == [("A", 2), ("B", 4)]


# --- Zoom ----------------------------------------------------------------------------------


def test_zoom_participants_report_merges_rejoins_and_second_devices():
    parsed = _file("zoom_participants.csv")
    assert (parsed.source, parsed.error, parsed.ok) == ("zoom", "", True)
    assert parsed.meeting_started_at == _utc(2026, 11, 24, 7)  # the meeting block's start
    assert [row.line for row in parsed.rows] == list(range(5, 13))  # block, blank, header

    nurlan = _person(parsed, "Нурлан Сапаров")  # left at 10:20 and came back at 10:30
    assert nurlan.lines == [6, 7]
    assert (nurlan.joined_at, nurlan.left_at) == (
        _utc(2026, 11, 24, 7, 2, 15),
        _utc(2026, 11, 24, 8),
    )
    assert nurlan.minutes == 48  # 17:45 + 30:00, counted once
    assert (nurlan.person_id, nurlan.match, nurlan.certain) == (1, "email", True)
    assert nurlan.key == "email:nurlan@example.kz"

    alena = _person(parsed, "Алёна Иванова")  # laptop 10:00–11:00, phone 10:15–10:45
    assert (alena.lines, alena.minutes) == ([8, 9], 60)  # not 90

    maria = _person(parsed, "Мария Петрова")  # a guest who renamed herself “Маша”
    assert (maria.lines, maria.minutes, maria.email) == ([10, 11], 54, "")
    assert (maria.person_id, maria.match, maria.certain) == (3, "name", True)

    guest = _person(parsed, "iPhone Гульнары")
    assert (guest.person_id, guest.match) == (None, "none")
    trainer = _person(parsed, "Анна Тренер")
    assert (trainer.person_id, trainer.match, trainer.minutes) == (None, "none", 67)


def test_zoom_newer_export_24_hour_month_first():
    parsed = _file("zoom_new_export.csv")
    assert (parsed.source, parsed.ok) == ("zoom", True)
    assert parsed.rows[0].joined_at == _local(MOSCOW, 2026, 2, 11, 13, 0, 50)  # 11 February
    assert parsed.rows[0].minutes == 90  # “90.0”
    nurlan = _person(parsed, "Нурлан Сапаров")  # the waiting room, then the meeting
    assert (nurlan.lines, nurlan.minutes, nurlan.match) == ([3, 4], 69, "name")


def test_zoom_export_with_meeting_data_takes_the_participants_columns():
    parsed = _file("zoom_with_meeting_data.csv")
    assert (parsed.source, parsed.ok) == ("zoom", True)
    # “User Email” and “Duration (Minutes)” appear twice: the host's first, the person's after.
    assert [row.email for row in parsed.rows] == [
        "anna.trainer@example.org", "nurlan@example.kz", "alena@example.ru",
    ]  # fmt: skip
    assert [row.minutes for row in parsed.rows] == [62, 45, 36]
    # Day first: 15/05 elsewhere in the file shows how the account writes dates.
    assert parsed.meeting_started_at == _local(MOSCOW, 2026, 6, 1, 10, 0)
    assert [p.person_id for p in parsed.people] == [None, 1, 2]


def test_bad_lines_get_their_own_error_and_the_rest_is_read():
    parsed = _file("zoom_bad_rows.csv")
    assert parsed.error == ""
    assert not parsed.ok
    errors = {row.line: row.error for row in parsed.rows}
    assert errors[2] == errors[8] == ""
    assert errors[3] == "The join time is missing."
    assert errors[4] == (
        "The leave time (11/24/2026 10:00:00 AM) is before the join time (11/24/2026 11:00:00 AM)."
    )
    assert errors[5] == "“полчаса” is not a number of minutes."
    assert errors[6] == "“вчера утром” is not a date and time."
    assert errors[7] == "The line has neither a name nor an e-mail address."
    # Lines with errors count for nobody; the good ones still make people.
    assert [(p.lines, p.person_id, p.minutes) for p in parsed.people] == [
        ([2], 1, 45),
        ([8], 6, 40),
    ]


def test_zoom_leave_time_missing_and_garbage_bbb_duration():
    zoom = _parse(_zoom("Нурлан Сапаров,,11/24/2026 10:00:00 AM,,45,No"))
    assert zoom.rows[0].error == "The leave time is missing."
    bbb = _parse(_bbb(BBB_EN, ("A", "24.11.2026, 10:00:00", "24.11.2026, 10:30:00", "полчаса")))
    assert bbb.rows[0].error == "“полчаса” is not a duration in hours:minutes:seconds."


def test_excel_cp1251_with_semicolons():
    data = (FILES / "zoom_excel_cp1251.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the sample really is Windows-1251
    parsed = _parse(data)
    assert (parsed.source, parsed.ok) == ("zoom", True)
    assert parsed.meeting_started_at == _utc(2026, 11, 24, 7)  # “24.11.2026 10:00”
    nurlan, _alena = parsed.rows
    assert (nurlan.line, nurlan.name, nurlan.joined_at) == (
        5, "Сапаров Нурлан", _utc(2026, 11, 24, 7, 2),
    )  # fmt: skip
    assert [(p.person_id, p.match, p.minutes) for p in parsed.people] == [
        (1, "name", 48), (2, "email", 60),
    ]  # fmt: skip


def test_utf8_with_bom():
    data = (FILES / "zoom_bom.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = _parse(data)
    assert (parsed.source, parsed.ok) == ("zoom", True)
    assert [(row.name, row.minutes) for row in parsed.rows] == [("Нурлан Сапаров", 45)]


def test_excel_unicode_text_utf16_with_tabs():
    text = (
        ZOOM_HEAD.replace(",", "\t")
        + "\r\nНурлан Сапаров\t\t24.11.2026 10:00\t24.11.2026 10:30\t30\tYes"
    )
    parsed = _parse(text.encode("utf-16"))
    assert [(row.name, row.minutes, row.error) for row in parsed.rows] == [
        ("Нурлан Сапаров", 30, "")
    ]


# --- Whole-file errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf\r\n \r\n", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a CSV"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not a CSV"),
        (b"x" * 2_000_001, "larger than 2 MB"),
        (b"email,full_name\na@example.org,Anna\n", "not an attendance report"),
        (
            b"Name (Original Name),User Email,Total Duration (Minutes),Guest\nAnna,,60,No\n",
            "unique participants",
        ),
        (ZOOM_HEAD.encode() + b"\r\n", "There are no participants in the file."),
        (",".join(BBB_EN).encode() + b'\r\n"Anonymous"' + b',""' * 11, "no participants"),
    ],
)
def test_unusable_files_get_one_clear_error(data, message):
    parsed = _parse(data)
    assert message in parsed.error
    assert not parsed.ok
    assert parsed.rows == [] and parsed.people == []


def test_the_size_limit_is_the_callers():
    data = (FILES / "zoom_participants.csv").read_bytes()
    assert "larger than 1 KB" in _parse(data, max_bytes=1000).error
    assert _parse(data, max_bytes=len(data)).ok


def test_an_unknown_time_zone_is_the_callers_mistake():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        _parse(b"", time_zone="Mars/Olympus")


# --- Matching names ------------------------------------------------------------------------


def _match(name: str, roster: list[RosterPerson]):
    parsed = _parse(
        _zoom(f"{name},,11/24/2026 10:00:00 AM,11/24/2026 10:30:00 AM,30,Yes"), roster=roster
    )
    (person,) = parsed.people
    return person


def test_one_name_shared_by_two_roster_people_is_left_to_the_trainer():
    twins = [RosterPerson(10, "Иван Петров", ""), RosterPerson(11, "Петров Иван", "")]
    person = _match("Иван Петров", twins)
    assert (person.person_id, person.match, person.certain) == (None, "fuzzy", False)
    assert person.candidates == [(10, 1.0), (11, 1.0)]


def test_a_missing_patronymic_is_proposed_not_certain():
    person = _match("Нурлан Сапаров", [RosterPerson(20, "Сапаров Нурлан Ерланович", "")])
    assert (person.person_id, person.match, person.certain) == (20, "fuzzy", False)


def test_a_first_name_alone_is_only_a_candidate():
    person = _match("Нурлан", [RosterPerson(30, "Нурлан Сапаров", "")])
    assert (person.person_id, person.match) == (None, "none")
    assert [pid for pid, _score in person.candidates] == [30]


def test_a_name_typed_without_spaces_is_proposed():
    person = _match("НурланСапаров", [RosterPerson(50, "Нурлан Сапаров", "")])
    assert (person.person_id, person.match, person.certain) == (50, "fuzzy", False)


def test_another_first_name_with_the_same_surname_is_not_proposed():
    person = _match("Ерлан Сапаров", [RosterPerson(40, "Нурлан Сапаров", "")])
    assert person.match == "none"


# --- The share of a webinar ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "duration", "share"),
    [(45, 60, 0.75), (36, 60, 0.6), (60, 60, 1.0), (95, 60, 1.0), (0, 60, 0.0), (10, 0, 0.0)],
)
def test_share_present(minutes, duration, share):
    assert share_present(minutes, duration) == share


# --- Properties ----------------------------------------------------------------------------

SAMPLE_LINES = [
    line
    for path in sorted(FILES.glob("*.csv"))
    for line in path.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
]


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=600)
    | st.text(max_size=600).map(str.encode)
    | st.lists(st.sampled_from(SAMPLE_LINES) | st.text(max_size=40), max_size=12).map(
        lambda lines: "\r\n".join(lines).encode()
    )
)
def test_any_bytes_give_a_result_never_an_exception(data):
    parsed = parse_attendance(data, roster=ROSTER, time_zone=ALMATY)
    assert isinstance(parsed, ParsedAttendance)
    assert parsed.error or parsed.rows
    for row in parsed.rows:
        for moment in (row.joined_at, row.left_at):
            assert moment is None or moment.tzinfo == UTC
    for person in parsed.people:
        assert person.minutes >= 0
        assert person.match in {"email", "name", "fuzzy", "none"}
        assert person.certain == (person.match in {"email", "name"})


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 180), st.integers(0, 90)), min_size=1, max_size=6))
def test_minutes_present_are_the_union_of_the_joins(spans):
    start = datetime(2026, 11, 24, 9, 0)
    lines = []
    for offset, length in spans:
        joined, left = start + timedelta(minutes=offset), start + timedelta(minutes=offset + length)
        lines.append(
            f"Нурлан Сапаров,nurlan@example.kz,{joined:%m/%d/%Y %I:%M:%S %p},"
            f"{left:%m/%d/%Y %I:%M:%S %p},{length},No"
        )
    parsed = _parse(_zoom(*lines))
    (person,) = parsed.people
    present = set().union(*(range(offset, offset + length) for offset, length in spans))
    assert person.minutes == len(present)
    assert person.lines == list(range(2, 2 + len(spans)))
