"""Mentoring in the coordinators' reports (``mentorship.reports.section``): every figure,
region value, table row and matrix cell of a hand-built world; the region and organisation
filters; the ignored filters; a fixed number of queries; and the at-risk rule worked out in
the database agreeing with ``selectors.health`` (random matches) and with the mentorship
dashboard's ``match_counts``."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.accounts.models import Direction, Organisation
from lms.reports.api import AUDIENCE, COURSE, HOURS, ReportQuery
from mentorship import api, selectors
from mentorship.models import CheckIn, Match, Session
from mentorship.reports import section
from tests.factories import OrganisationFactory, RegionFactory
from tests.mentorship.factories import (
    TODAY,
    InstitutionFactory,
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
)
from tests.mentorship.rules_helpers import days, fast_passwords  # noqa: F401 (autouse)

OCT_1, OCT_31 = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
SEP_30, NOV_1 = datetime.date(2026, 9, 30), datetime.date(2026, 11, 1)
SECRETS = ("ZQSECRET", "тайные интересы", "заметка координатора", "почему эта пара")


def report(**fields) -> object:
    return section(ReportQuery(start=OCT_1, end=OCT_31, today=TODAY, **fields))


def match(programme, institution, *, status="active", started_on=None, closed_on=None) -> Match:
    mentee = MenteeFactory(
        programme=programme,
        institution=institution,
        interests=SECRETS[1],
        coordinator_notes=SECRETS[2],
    )
    return Match.objects.create(
        programme=programme,
        mentor=MentorFactory(programme=programme),
        mentee=mentee,
        status=status,
        note=SECRETS[3],
        started_on=started_on,
        consent_by="institution" if started_on else "",
        consent_on=started_on,
        closed_on=closed_on,
        reason="other" if status == "closed" else "",
    )


def meet(match: Match, *dates_minutes: tuple[datetime.date, int]) -> None:
    for day, minutes in dates_minutes:
        Session.objects.create(
            match=match,
            logged_by=match.mentor.user,
            date=day,
            minutes=minutes,
            mode="in_person",
            mood=4,
            note=SECRETS[2],
        )


def check(match: Match, *sides_dates: tuple[str, datetime.date]) -> None:
    for side, day in sides_dates:
        CheckIn.objects.create(match=match, date=day, with_whom=side, channel="phone")


def healthy(match: Match) -> Match:
    """Two meetings in the last 30 days, the last 3 days ago, each side checked on 5 days ago."""
    meet(match, (TODAY - days(3), 60), (TODAY - days(10), 60))
    check(match, ("mentor", TODAY - days(5)), ("child_side", TODAY - days(5)))
    return match


@pytest.fixture
def world(db):
    """Regions r1–r3; programmes p1 (organisation a in r1, direction d1), p2 (organisation b,
    no direction), p3 (organisation c, direction d2); children's homes i1–i3 in r1–r3.
    The report covers October 2026; today is 24 November 2026."""
    r1, r2, r3 = RegionFactory(), RegionFactory(), RegionFactory()
    d1 = Direction.objects.create(code="mentoring", name_ru="Наставничество")
    d2 = Direction.objects.create(code="education", name_ru="Образование")
    a = OrganisationFactory(region=r1, kind=Organisation.Kind.NGO)
    b = OrganisationFactory(region=r2, kind=Organisation.Kind.NGO)
    c = OrganisationFactory(region=r3, kind=Organisation.Kind.NGO)
    p1 = ProgrammeFactory(title="Наставники А", organisation=a, direction=d1)
    p2 = ProgrammeFactory(title="Наставники Б", organisation=b)
    p3 = ProgrammeFactory(title="Наставники В", organisation=c, direction=d2)
    i1, i2, i3 = (InstitutionFactory(region=region) for region in (r1, r2, r3))

    m = {}
    m[1] = healthy(match(p1, i1, started_on=datetime.date(2026, 6, 1)))
    # Started on the period's first day; no meeting for 23 days: at risk.
    m[2] = match(p1, i2, started_on=OCT_1)
    meet(m[2], (OCT_1, 90), (OCT_31, 30), (SEP_30, 45), (NOV_1, 60))
    # Started on the period's last day, young and checked on: healthy.
    m[3] = match(p2, i2, started_on=OCT_31)
    meet(m[3], (TODAY - days(3), 60), (TODAY - days(10), 60))
    check(m[3], ("mentor", TODAY - days(14)), ("child_side", TODAY - days(14)))
    # Started the day before the period; the child's side's check-in is overdue: at risk.
    m[4] = match(p2, i3, started_on=SEP_30)
    meet(m[4], (TODAY - days(3), 60), (TODAY - days(10), 60))
    check(m[4], ("mentor", TODAY - days(5)), ("child_side", TODAY - days(40)))
    # Closed on the period's last day, with a meeting in the period.
    m[5] = match(p1, i1, status="closed", started_on=datetime.date(2026, 3, 1), closed_on=OCT_31)
    meet(m[5], (datetime.date(2026, 10, 15), 60))
    # Closed the day after the period: not closed in it, but its October meeting counts.
    m[6] = match(p1, i1, status="closed", started_on=datetime.date(2026, 3, 1), closed_on=NOV_1)
    meet(m[6], (datetime.date(2026, 10, 20), 30))
    # Closed the day before the period.
    m[7] = match(p2, i2, status="closed", started_on=datetime.date(2026, 1, 1), closed_on=SEP_30)
    meet(m[7], (SEP_30, 60))
    # Cancelled in the period (never started), and proposed: neither counts.
    m[8] = match(p1, i3, status="cancelled", closed_on=datetime.date(2026, 10, 15))
    m[9] = match(p2, i1, status="proposed")
    # Started and closed within the period.
    m[10] = match(
        p1,
        i2,
        status="closed",
        started_on=datetime.date(2026, 10, 5),
        closed_on=datetime.date(2026, 10, 20),
    )
    meet(m[10], (datetime.date(2026, 10, 10), 45))
    # Another organisation's programme: started in the period, never met: at risk.
    m[11] = match(p3, i3, started_on=datetime.date(2026, 10, 10))
    return locals()


def figures(found) -> dict:
    return {figure.key: figure.value for figure in found.figures}


def columns(found) -> dict:
    return {column.column.key: column.values for column in found.region_columns}


def test_every_figure_value_and_row(world):
    w = world
    r1, r2, r3, d1, d2 = w["r1"], w["r2"], w["r3"], w["d1"], w["d2"]
    found = report(by_direction=True)
    with translation.override("en"):
        assert (found.key, str(found.title), found.order) == ("mentoring", "Mentoring", 60)
    assert figures(found) == {
        "matches_active": 5,
        "matches_at_risk": 3,
        "matches_started": 4,
        "matches_closed": 2,
        "mentoring_hours": Decimal("4.3"),  # 255 minutes
    }
    assert next(f for f in found.figures if f.key == "mentoring_hours").kind == HOURS
    assert columns(found) == {
        "matches_active": {r1.pk: 1, r2.pk: 2, r3.pk: 2},
        "matches_at_risk": {r2.pk: 1, r3.pk: 2},
    }
    (table,) = found.tables
    assert table.key == "mentoring"
    assert [column.key for column in table.columns] == [
        "programme",
        "active",
        "at_risk",
        "started",
        "closed",
        "sessions",
        "hours",
    ]
    assert table.rows == (
        ("Наставники А", 2, 1, 2, 2, 5, Decimal("4.3")),
        ("Наставники Б", 2, 1, 1, 0, 0, Decimal("0.0")),
        ("Наставники В", 1, 1, 1, 0, 0, Decimal("0.0")),
    )
    assert table.footer[1:] == (5, 3, 4, 2, 5, Decimal("4.3"))
    (matrix,) = found.matrices
    assert matrix.key == "matches_by_direction"
    assert matrix.values == {(r2.pk, d1.pk): 2, (r2.pk, None): 1, (r3.pk, d2.pk): 1}


def test_no_matrix_unless_asked(world):
    assert report().matrices == ()


def test_nothing_about_a_mentee_is_reported(world):
    text = repr(report(by_direction=True))
    mentee_codes = [world["m"][n].mentee.code for n in world["m"]]
    assert not [secret for secret in (*SECRETS[1:], *mentee_codes) if secret in text]


def test_regions(world):
    r1, r2 = world["r1"], world["r2"]
    found = report(region_ids=frozenset({r2.pk}))
    assert figures(found) == {
        "matches_active": 2,
        "matches_at_risk": 1,
        "matches_started": 3,
        "matches_closed": 1,
        "mentoring_hours": Decimal("2.8"),  # 165 minutes
    }
    assert columns(found) == {"matches_active": {r2.pk: 2}, "matches_at_risk": {r2.pk: 1}}
    assert found.tables[0].rows == (
        ("Наставники А", 1, 1, 2, 1, 3, Decimal("2.8")),
        ("Наставники Б", 1, 0, 1, 0, 0, Decimal("0.0")),
    )
    both = report(region_ids=frozenset({r1.pk, r2.pk}))
    assert figures(both)["matches_active"] == 3
    assert columns(both)["matches_active"] == {r1.pk: 1, r2.pk: 2}
    nothing = report(region_ids=frozenset())
    assert set(figures(nothing).values()) == {0}
    assert nothing.tables[0].rows == ()
    assert columns(nothing) == {"matches_active": {}, "matches_at_risk": {}}


def test_organisation_runs_the_programme_or_is_the_mentees_institution(world):
    w = world
    # a runs p1.
    assert figures(report(organisation_id=w["a"].pk)) == {
        "matches_active": 2,
        "matches_at_risk": 1,
        "matches_started": 2,
        "matches_closed": 2,
        "mentoring_hours": Decimal("4.3"),
    }
    # i3 is the home of the mentees of m4 (p2), m8 (cancelled) and m11 (p3).
    found = report(organisation_id=w["i3"].pk)
    assert figures(found) == {
        "matches_active": 2,
        "matches_at_risk": 2,
        "matches_started": 1,
        "matches_closed": 0,
        "mentoring_hours": Decimal("0.0"),
    }
    assert [row[0] for row in found.tables[0].rows] == ["Наставники Б", "Наставники В"]
    # i2: its mentees' matches of p1 and p2, with their October meetings.
    assert figures(report(organisation_id=w["i2"].pk)) == {
        "matches_active": 2,
        "matches_at_risk": 1,
        "matches_started": 3,
        "matches_closed": 1,
        "mentoring_hours": Decimal("2.8"),
    }


def test_course_and_audience_do_not_cut_it(world):
    found = report(course_id=12345, audience_id=678)
    assert found.ignores == frozenset({COURSE, AUDIENCE})
    assert figures(found) == figures(report())


def test_at_risk_agrees_with_the_mentorship_dashboard(world):
    w = world
    found = report()
    counts = api.match_counts(today=TODAY)
    assert (counts.active, counts.at_risk) == (5, 3)
    assert (figures(found)["matches_active"], figures(found)["matches_at_risk"]) == (
        counts.active,
        counts.at_risk,
    )
    rows = {row[0]: row for row in found.tables[0].rows}
    for programme in (w["p1"], w["p2"], w["p3"]):
        counts = api.match_counts(programme_ids=[programme.pk], today=TODAY)
        assert rows[programme.title][1:3] == (counts.active, counts.at_risk)
    # Another day: a week later m3's first check-in (due by day 30) is overdue too.
    later = section(ReportQuery(start=OCT_1, end=OCT_31, today=TODAY + days(7)))
    counts = api.match_counts(today=TODAY + days(7))
    assert figures(later)["matches_at_risk"] == counts.at_risk == 4


def test_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        report(by_direction=True)
    for n in range(6):
        more = match(world["p2"], world["i1"], started_on=datetime.date(2026, 10, 2 + n))
        meet(more, (datetime.date(2026, 10, 3 + n), 40), (TODAY - days(n), 50))
        check(more, ("mentor", TODAY - days(n)))
    with django_assert_num_queries(2):
        found = report(by_direction=True, region_ids=frozenset({world["r1"].pk}))
    assert figures(found)["matches_started"] == 6


# --- The at-risk rule in the database is selectors.health's ---------------------------------

SIDES = st.sampled_from(["mentor", "child_side"])
# Days of the match (0: the day it started), often on the rules' edges: a first-month slot,
# the end of the first month, a check-in interval, the alert threshold.
MATCH_DAYS = st.one_of(
    st.sampled_from([-1, 0, 1, 7, 8, 14, 15, 16, 29, 30, 31, 45, 46, 60, 61]),
    st.integers(min_value=-3, max_value=95),
)
MATCHES = st.lists(
    st.fixed_dictionaries(
        {
            "programme": st.integers(min_value=0, max_value=2),
            "running": MATCH_DAYS,  # days from the start to today
            "sessions": st.lists(MATCH_DAYS, max_size=5),
            "checkins": st.lists(st.tuples(SIDES, MATCH_DAYS), max_size=4),
        }
    ),
    min_size=1,
    max_size=6,
)
RULES = st.lists(
    st.fixed_dictionaries(
        {
            "meetings_per_month": st.integers(min_value=1, max_value=4),
            "checkins_first_month": st.one_of(st.integers(min_value=0, max_value=4), st.just(8)),
            "checkin_interval_days": st.sampled_from([7, 14, 15, 30, 31, 45]),
            "alert_after_days": st.sampled_from([1, 7, 14, 15, 29, 30]),
        }
    ),
    min_size=3,
    max_size=3,
)


@pytest.fixture
def pool(db):
    """Three programmes and six mentor–mentee pairs the random matches are made of."""
    home = InstitutionFactory()
    programmes = [ProgrammeFactory() for _ in range(3)]
    pairs = [
        (MentorFactory(programme=programmes[0]), MenteeFactory(programme=programmes[0]))
        for _ in range(6)
    ]
    for _mentor, mentee in pairs:
        mentee.institution = home
        mentee.save()
    return programmes, pairs


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rules=RULES, specs=MATCHES)
def test_at_risk_in_the_database_is_the_health_rule(pool, rules, specs):
    programmes, pairs = pool
    Session.objects.all().delete()
    CheckIn.objects.all().delete()
    Match.objects.all().delete()
    for programme, values in zip(programmes, rules, strict=True):
        type(programme).objects.filter(pk=programme.pk).update(**values)
    matches = Match.objects.bulk_create(
        Match(
            programme=programmes[spec["programme"]],
            mentor=pairs[n][0],
            mentee=pairs[n][1],
            status="active",
            started_on=TODAY - days(spec["running"]),
            consent_by="institution",
            consent_on=TODAY - days(spec["running"]),
        )
        for n, spec in enumerate(specs)
    )
    Session.objects.bulk_create(
        Session(
            match=match,
            logged_by=match.mentor.user,
            date=match.started_on + days(day),
            minutes=60,
            mode="online",
            mood=3,
        )
        for match, spec in zip(matches, specs, strict=True)
        for day in spec["sessions"]
    )
    CheckIn.objects.bulk_create(
        CheckIn(match=match, date=match.started_on + days(day), with_whom=side, channel="phone")
        for match, spec in zip(matches, specs, strict=True)
        for side, day in spec["checkins"]
    )
    for today in (TODAY, TODAY - days(20)):
        active = Match.objects.filter(status="active").select_related("programme")
        expected = {}
        for match in selectors.with_health_figures(active, today=today):
            health = selectors.health_of(match, today=today)
            expected[match.pk] = (
                health.no_contact,
                health.too_few,
                health.mentor_checkin_overdue,
                health.child_checkin_overdue,
                health.at_risk,
            )
        found = {
            pk: parts
            for pk, *parts in selectors.with_risk(active, today=today).values_list(
                "pk",
                "health_no_contact",
                "health_too_few",
                "health_mentor_overdue",
                "health_child_overdue",
                "at_risk",
            )
        }
        assert found == {pk: list(parts) for pk, parts in expected.items()}
