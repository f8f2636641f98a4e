"""Match health: meetings in the last 30/90 days against what the programme expects, days
without contact, and the coordinator's check-in schedule — the pure arithmetic
(``selectors.health``, ``checkin_due``, ``expected_meetings``), its properties, and the same
figures read from real rows (``with_health_figures``)."""

import datetime

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from mentorship import selectors
from mentorship.data import Rules
from mentorship.models import CheckIn, Match
from tests.mentorship.factories import TODAY, ProgrammeFactory, active_match, coordinator_of
from tests.mentorship.rules_helpers import (
    DAY,
    check_in,
    close,
    days,
    fast_passwords,  # noqa: F401 (autouse)
    log_session,
)

START = datetime.date(2026, 3, 1)
DEFAULT_RULES = Rules()


def health(today, *, started_on=START, rules=DEFAULT_RULES, **figures):
    values = {
        "meetings_30": 0,
        "meetings_90": 0,
        "last_session": None,
        "mentor_checkins": 0,
        "last_mentor_checkin": None,
        "child_checkins": 0,
        "last_child_checkin": None,
    } | figures
    return selectors.health(rules=rules, today=today, started_on=started_on, **values)


def due(count, last=None, *, first_month=2, interval=30, started_on=START):
    return selectors.checkin_due(
        started_on=started_on,
        count=count,
        last=last,
        first_month=first_month,
        interval_days=interval,
    )


# --- Days without contact ---------------------------------------------------------------------


class TestNoContact:
    def test_day_14_without_contact_is_no_alert_and_day_15_is(self):
        assert Rules().alert_after_days == 14
        day14 = health(START + days(14))
        assert (day14.days_without_contact, day14.no_contact) == (14, False)
        day15 = health(START + days(15))
        assert (day15.days_without_contact, day15.no_contact) == (15, True)
        assert day15.at_risk

    def test_counted_from_the_last_session(self):
        last = START + days(40)
        assert not health(last + days(14), last_session=last).no_contact
        assert health(last + days(15), last_session=last).no_contact
        assert health(last + days(15), last_session=last).last_contact == last

    def test_a_session_resets_it(self):
        today = START + days(60)
        assert health(today).no_contact
        after = health(today, last_session=today)
        assert (after.days_without_contact, after.no_contact) == (0, False)

    def test_the_programmes_threshold(self):
        rules = Rules(alert_after_days=7)
        assert not health(START + days(7), rules=rules).no_contact
        assert health(START + days(8), rules=rules).no_contact

    def test_a_match_starting_later_has_no_lapse(self):
        later = health(START - days(5))
        assert later.days_without_contact == 0 and not later.no_contact
        assert later.days_running == -5 and later.expected_30 == 0


# --- Meetings against what is expected ----------------------------------------------------------


class TestMeetings:
    @pytest.mark.parametrize(
        ("days_running", "expected_30", "expected_90"),
        [
            (0, 0, 0),
            (10, 0, 0),
            (14, 0, 0),
            (15, 1, 1),
            (29, 1, 1),
            (30, 2, 2),
            (45, 2, 3),
            (60, 2, 4),
            (89, 2, 5),
            (90, 2, 6),
            (400, 2, 6),
        ],
    )
    def test_expected_is_prorated_for_young_matches(self, days_running, expected_30, expected_90):
        state = health(START + days(days_running))
        assert (state.expected_30, state.expected_90) == (expected_30, expected_90)

    def test_the_programmes_frequency(self):
        state = health(START + days(15), rules=Rules(meetings_per_month=4))
        assert (state.expected_30, state.expected_90) == (2, 2)
        state = health(START + days(100), rules=Rules(meetings_per_month=4))
        assert (state.expected_30, state.expected_90) == (4, 12)

    def test_too_few_only_after_a_month(self):
        assert not health(START + days(29), last_session=START + days(29)).too_few
        assert health(START + days(30), meetings_30=1, last_session=START + days(30)).too_few
        assert not health(START + days(30), meetings_30=2, last_session=START + days(30)).too_few
        assert health(START + days(30), meetings_30=1, last_session=START + days(30)).at_risk

    def test_too_few_follows_the_programmes_frequency(self):
        rules = Rules(meetings_per_month=4)
        assert health(START + days(40), rules=rules, meetings_30=3).too_few
        assert not health(START + days(40), rules=rules, meetings_30=4).too_few


# --- The check-in schedule ------------------------------------------------------------------


class TestCheckins:
    def test_two_in_the_first_month_by_day_15_and_day_30(self):
        assert due(0) == START + days(15)
        assert due(1, START + days(3)) == START + days(30)

    def test_then_30_days_after_the_latest(self):
        assert due(2, START + days(25)) == START + days(55)
        assert due(5, START + days(130)) == START + days(160)
        assert due(2, START + days(25), interval=45) == START + days(70)

    def test_overdue_the_day_after_it_was_due(self):
        assert not health(START + days(15)).checkin_overdue
        assert health(START + days(16)).mentor_checkin_overdue
        assert health(START + days(16)).child_checkin_overdue
        assert health(START + days(16)).at_risk

    def test_each_side_has_its_own_schedule(self):
        state = health(
            START + days(16),
            last_session=START + days(16),
            mentor_checkins=1,
            last_mentor_checkin=START + days(10),
        )
        assert state.mentor_checkin_due == START + days(30)
        assert state.child_checkin_due == START + days(15)
        assert not state.mentor_checkin_overdue and state.child_checkin_overdue
        state = health(
            START + days(16),
            child_checkins=1,
            last_child_checkin=START + days(10),
        )
        assert state.mentor_checkin_overdue and not state.child_checkin_overdue

    def test_the_programmes_first_month(self):
        assert [due(n, START + days(n), first_month=3) for n in range(3)] == [
            START + days(10),
            START + days(20),
            START + days(30),
        ]
        assert due(3, START + days(12), first_month=3) == START + days(42)
        assert due(0, first_month=0, interval=30) == START + days(30)
        assert due(1, START + days(4), first_month=0, interval=14) == START + days(18)

    def test_a_late_first_check_in_is_not_overdue_at_once(self):
        """A coordinator whose first check-in comes after the first month is next due a month
        later, not overdue on the day they checked in."""
        late = START + days(40)
        assert due(1, late) == late + days(30)
        state = health(late, mentor_checkins=1, last_mentor_checkin=late, last_session=late)
        assert not state.mentor_checkin_overdue
        # A missed first-month date before a late check-in is skipped, the next one stays.
        assert due(1, START + days(25), first_month=3) == START + days(30)

    def test_a_missed_date_is_still_overdue(self):
        state = health(START + days(25), mentor_checkins=1, last_mentor_checkin=START + days(5))
        assert state.mentor_checkin_due == START + days(30) and not state.mentor_checkin_overdue
        state = health(
            START + days(25),
            rules=Rules(checkins_first_month=3),
            mentor_checkins=1,
            last_mentor_checkin=START + days(5),
        )
        assert state.mentor_checkin_due == START + days(20) and state.mentor_checkin_overdue


# --- A lapse of too few meetings ---------------------------------------------------------------


def since(today, meetings, *, per_month=2, started_on=START):
    return selectors.few_meetings_since(
        started_on=started_on,
        meeting_dates=[START + days(n) for n in meetings],
        today=START + days(today),
        per_month=per_month,
    )


class TestFewMeetingsSince:
    def test_a_lapse_begins_a_month_after_the_start(self):
        assert since(30, []) == since(45, [3, 40]) == START + days(30)

    def test_a_lapse_begins_when_a_meeting_leaves_the_window(self):
        # Meetings on days 10 and 20: enough until day 40, when day 10's leaves the window.
        assert since(40, [10, 20]) == since(49, [10, 20]) == START + days(40)

    def test_meetings_that_do_not_end_it_do_not_move_it(self):
        assert since(33, [25, 32], per_month=3) == START + days(30)
        assert since(56, [25, 32, 34], per_month=3) == START + days(55)


def _too_few_on(day, dates, per_month):
    return sum(1 for d in dates if day - days(30) < d <= day) < per_month


@given(
    offsets=st.lists(st.integers(0, 200), max_size=15),
    today=st.integers(30, 220),
    per_month=st.integers(1, 5),
)
def test_few_meetings_since_is_the_first_day_of_the_run(offsets, today, per_month):
    dates = [START + days(n) for n in offsets]
    day = START + days(today)
    assume(_too_few_on(day, dates, per_month))
    first = selectors.few_meetings_since(
        started_on=START, meeting_dates=dates, today=day, per_month=per_month
    )
    assert START + days(30) <= first <= day
    for n in range((day - first).days + 1):
        assert _too_few_on(first + days(n), dates, per_month)
    assert first == START + days(30) or not _too_few_on(first - DAY, dates, per_month)
    # It agrees with the health of the match on each of those days.
    assert health(
        day,
        meetings_30=sum(1 for d in dates if day - days(30) < d <= day),
        rules=Rules(meetings_per_month=per_month),
    ).too_few


# --- Properties --------------------------------------------------------------------------------

dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31))
rules_st = st.builds(
    Rules,
    meetings_per_month=st.integers(1, 31),
    checkins_first_month=st.integers(0, 8),
    checkin_interval_days=st.integers(7, 180),
    alert_after_days=st.integers(1, 180),
)


@given(
    rules=rules_st,
    started_on=dates,
    offset=st.integers(0, 400),
    session_offset=st.one_of(st.none(), st.integers(0, 400)),
)
@example(rules=Rules(), started_on=START, offset=14, session_offset=None)
@example(rules=Rules(), started_on=START, offset=15, session_offset=None)
def test_no_contact_iff_more_days_than_the_threshold_since_the_last_contact(
    rules, started_on, offset, session_offset
):
    today = started_on + days(offset)
    last_session = None
    if session_offset is not None:
        assume(session_offset <= offset)
        last_session = started_on + days(session_offset)
    state = health(today, started_on=started_on, rules=rules, last_session=last_session)
    since = (today - (last_session or started_on)).days
    assert state.days_without_contact == since
    assert state.no_contact == (since > rules.alert_after_days)
    assert state.last_contact == (last_session or started_on)


@given(
    started_on=dates,
    count=st.integers(0, 20),
    last_offset=st.one_of(st.none(), st.integers(0, 1000)),
    first_month=st.integers(0, 8),
    interval=st.integers(7, 180),
)
def test_a_check_in_is_never_due_before_the_start_nor_on_or_before_the_latest(
    started_on, count, last_offset, first_month, interval
):
    last = None if last_offset is None else started_on + days(last_offset)
    assume(count > 0 or last is None)
    when = due(count, last, first_month=first_month, interval=interval, started_on=started_on)
    assert when > started_on
    if last is not None:
        assert when > last
        assert when <= last + days(max(interval, selectors.MONTH_DAYS))


@given(
    started_on=dates,
    gaps=st.lists(st.integers(0, 60), min_size=1, max_size=12),
    first_month=st.integers(0, 8),
    interval=st.integers(selectors.MONTH_DAYS, 180),
)
def test_the_due_date_moves_forward_with_each_check_in(started_on, gaps, first_month, interval):
    """Check-ins recorded one after another (on any days from the start on) never bring the
    next due date back (with the monthly interval or longer)."""
    previous = due(0, None, first_month=first_month, interval=interval, started_on=started_on)
    last = started_on
    for count, gap in enumerate(gaps, start=1):
        last += days(gap)
        nxt = due(count, last, first_month=first_month, interval=interval, started_on=started_on)
        assert nxt >= previous
        previous = nxt


@given(
    per_month=st.integers(1, 31),
    days_running=st.integers(-60, 1000),
)
def test_expected_meetings(per_month, days_running):
    expected_30 = selectors.expected_meetings(
        per_month=per_month, days_running=days_running, window=30
    )
    expected_90 = selectors.expected_meetings(
        per_month=per_month, days_running=days_running, window=90
    )
    assert 0 <= expected_30 <= expected_90
    assert expected_30 <= per_month and expected_90 <= 3 * per_month
    if days_running >= 30:
        assert expected_30 == per_month
    if days_running >= 90:
        assert expected_90 == 3 * per_month
    if days_running <= 0:
        assert expected_90 == 0
    longer = selectors.expected_meetings(
        per_month=per_month, days_running=days_running + 1, window=90
    )
    assert longer >= expected_90


@given(rules=rules_st, offset=st.integers(0, 400), meetings_30=st.integers(0, 40))
def test_too_few_only_for_a_month_old_match_below_the_frequency(rules, offset, meetings_30):
    state = health(START + days(offset), rules=rules, meetings_30=meetings_30)
    assert state.too_few == (offset >= 30 and meetings_30 < rules.meetings_per_month)
    assert state.at_risk == (state.no_contact or state.too_few or state.checkin_overdue)


# --- The same figures from real rows -------------------------------------------------------------


@pytest.mark.django_db
class TestFromRows:
    @pytest.fixture
    def programme(self):
        return ProgrammeFactory()

    @pytest.fixture
    def coordinator(self, programme):
        return coordinator_of(programme)

    def match(self, programme, coordinator, started_on):
        return active_match(programme=programme, coordinator=coordinator, started_on=started_on)

    def test_the_windows_include_today_and_end_29_and_89_days_back(self, programme, coordinator):
        """ "The last 30 days" are today and the 29 days before it: a session exactly 30 days
        ago is outside the 30-day window (and inside the 90-day one), as data.Health says."""
        match = self.match(programme, coordinator, TODAY - days(100))
        for back in (0, 29, 30, 89, 90, 95):
            log_session(match, on=TODAY - days(back))
        state = selectors.match_health(match=match, today=TODAY)
        assert (state.meetings_30, state.meetings_90) == (2, 4)
        assert state.last_contact == TODAY and state.days_without_contact == 0
        # Seen from yesterday, today's session has not happened yet.
        state = selectors.match_health(match=match, today=TODAY - DAY)
        assert (state.meetings_30, state.meetings_90) == (2, 4)  # 28, 29, 88 and 89 days before it
        assert state.last_contact == TODAY - days(29)

    def test_day_14_and_day_15_without_contact(self, programme, coordinator):
        match = self.match(programme, coordinator, TODAY - days(15))
        assert not selectors.match_health(match=match, today=TODAY - DAY).no_contact
        assert selectors.match_health(match=match, today=TODAY).no_contact
        log_session(match, on=TODAY - days(2))
        state = selectors.match_health(match=match, today=TODAY)
        assert not state.no_contact and state.days_without_contact == 2

    def test_too_few_and_expected_on_rows(self, programme, coordinator):
        match = self.match(programme, coordinator, TODAY - days(45))
        log_session(match, on=TODAY - days(3))
        state = selectors.match_health(match=match, today=TODAY)
        assert (state.meetings_30, state.expected_30, state.expected_90) == (1, 2, 3)
        assert state.too_few
        log_session(match, on=TODAY - days(2))
        assert not selectors.match_health(match=match, today=TODAY).too_few

    def test_check_ins_on_rows(self, programme, coordinator):
        start = TODAY - days(40)
        match = self.match(programme, coordinator, start)
        state = selectors.match_health(match=match, today=TODAY)
        assert state.mentor_checkin_due == state.child_checkin_due == start + days(15)
        check_in(match, coordinator, on=start + days(5))
        check_in(match, coordinator, on=start + days(6), side=CheckIn.With.CHILD_SIDE)
        check_in(match, coordinator, on=start + days(6), side=CheckIn.With.CHILD_SIDE)
        state = selectors.match_health(match=match, today=TODAY)
        assert state.mentor_checkin_due == start + days(30)
        assert state.child_checkin_due == start + days(36)
        assert state.mentor_checkin_overdue and state.child_checkin_overdue
        check_in(match, coordinator, on=TODAY)
        state = selectors.match_health(match=match, today=TODAY)
        assert state.mentor_checkin_due == TODAY + days(30)
        assert not state.mentor_checkin_overdue and state.child_checkin_overdue
        # A check-in dated after ``today`` is not counted yet.
        assert selectors.match_health(match=match, today=TODAY - DAY).mentor_checkin_due == (
            start + days(30)
        )

    def test_every_active_match_of_the_programme_in_one_query(
        self, programme, coordinator, django_assert_num_queries
    ):
        young = self.match(programme, coordinator, TODAY - days(10))
        old = self.match(programme, coordinator, TODAY - days(60))
        log_session(old, on=TODAY - days(1))
        closed = self.match(programme, coordinator, TODAY - days(50))
        close(closed, coordinator)
        self.match(ProgrammeFactory(), None, TODAY - days(20))  # another programme
        with django_assert_num_queries(1):
            rows = selectors.active_matches_with_health(programme=programme, today=TODAY)
            pairs = [(m.pk, m.mentor.user.email, m.mentee.institution.name, h) for m, h in rows]
        assert [pk for pk, *_ in pairs] == [old.pk, young.pk]
        assert pairs[0][3].meetings_30 == 1 and pairs[1][3].meetings_30 == 0
        assert pairs[0][3].too_few and not pairs[1][3].too_few

    def test_a_match_that_is_not_active_has_no_health(self, programme, coordinator):
        match = self.match(programme, coordinator, TODAY - days(10))
        close(match, coordinator)
        match.refresh_from_db()
        assert selectors.match_health(match=match, today=TODAY) is None
        assert match.status == Match.Status.CLOSED
