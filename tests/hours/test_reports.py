"""Volunteer hours in the coordinators' reports (``lms.hours.reports.section``): every figure,
region value and row of a hand-built world, the region and organisation filters, the ignored
filters and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from lms.hours.models import HoursEntry
from lms.hours.reports import section
from lms.reports.api import AUDIENCE, COURSE, HOURS, ReportQuery
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.hours.factories import TODAY, HoursEntryFactory

OCT_1, OCT_31 = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
CONFIRMED = HoursEntry.Status.CONFIRMED
Source = HoursEntry.Source


def report(**fields):
    return section(ReportQuery(start=OCT_1, end=OCT_31, today=TODAY, **fields))


def entry(user, organisation, day, minutes, source=Source.PRACTICE, status=CONFIRMED, **fields):
    return HoursEntryFactory(
        user=user,
        organisation=organisation,
        date=day,
        minutes=minutes,
        source=source,
        status=status,
        **fields,
    )


@pytest.fixture
def world(db):
    """Organisations o1 (r1) and o2 (r2); u1 lives in r3, u2 in no region, u3 in r2.
    The report covers October 2026."""
    r1, r2, r3 = RegionFactory(), RegionFactory(), RegionFactory()
    o1, o2 = OrganisationFactory(region=r1), OrganisationFactory(region=r2)
    u1, u2, u3 = UserFactory(region=r3), UserFactory(region=None), UserFactory(region=r2)
    entry(u1, o1, OCT_1, 90)  # r1 (the organisation's region, not the person's)
    entry(u1, None, OCT_31, 30, Source.EVENT)  # r3 (no organisation: the person's)
    entry(u2, None, datetime.date(2026, 10, 15), 45, Source.OTHER)  # no region
    entry(u3, o1, datetime.date(2026, 10, 10), 100, Source.MENTORING)  # r1
    entry(u2, o2, datetime.date(2026, 10, 20), 20)  # r2
    # Not counted: outside the period, waiting, rejected.
    entry(u1, o1, datetime.date(2026, 9, 30), 60)
    entry(u1, o1, datetime.date(2026, 11, 1), 60)
    entry(u3, o2, datetime.date(2026, 10, 5), 60, status=HoursEntry.Status.SUBMITTED)
    entry(
        u3,
        o2,
        datetime.date(2026, 10, 6),
        60,
        status=HoursEntry.Status.REJECTED,
        rejection_reason="Смена не состоялась",
    )
    return locals()


def figures(found) -> dict:
    return {figure.key: figure.value for figure in found.figures}


def test_every_figure_value_and_row(world):
    r1, r2, r3 = world["r1"], world["r2"], world["r3"]
    found = report()
    with translation.override("en"):
        assert (found.key, str(found.title), found.order) == ("hours", "Volunteer hours", 40)
        labels = [str(row[0]) for row in found.tables[0].rows]
    assert figures(found) == {"hours_confirmed": Decimal("4.8"), "hours_people": 3}  # 285 min
    assert found.figures[0].kind == HOURS
    (column,) = found.region_columns
    assert (column.column.key, column.column.kind) == ("hours_confirmed", HOURS)
    assert column.values == {
        r1.pk: Decimal("3.2"),  # 190 minutes
        r2.pk: Decimal("0.3"),  # 20
        r3.pk: Decimal("0.5"),  # 30
        None: Decimal("0.8"),  # 45
    }
    assert column.total == Decimal("4.8")
    (table,) = found.tables
    assert table.key == "hours-by-source"
    assert [c.key for c in table.columns] == ["source", "entries", "people", "hours"]
    assert labels == [
        "Practice shift",
        "Mentoring session",
        "Webinar delivered",
        "Event",
        "Other activity",
    ]
    assert [row[1:] for row in table.rows] == [
        (2, 2, Decimal("1.8")),  # 110 minutes of u1 and u2
        (1, 1, Decimal("1.7")),  # 100
        (0, 0, Decimal("0.0")),
        (1, 1, Decimal("0.5")),
        (1, 1, Decimal("0.8")),
    ]
    assert table.footer[1:] == (5, 3, Decimal("4.8"))


def test_regions(world):
    r1, r2, r3 = world["r1"], world["r2"], world["r3"]
    found = report(region_ids=frozenset({r1.pk}))
    assert figures(found) == {"hours_confirmed": Decimal("3.2"), "hours_people": 2}
    assert found.region_columns[0].values == {r1.pk: Decimal("3.2")}
    assert [row[1:] for row in found.tables[0].rows if row[1]] == [
        (1, 1, Decimal("1.5")),
        (1, 1, Decimal("1.7")),
    ]
    # Every region, but not "everything": the entry of no region is left out.
    every = report(region_ids=frozenset({r1.pk, r2.pk, r3.pk}))
    assert figures(every) == {"hours_confirmed": Decimal("4.0"), "hours_people": 3}
    assert None not in every.region_columns[0].values
    # The person's region counts only for entries without an organisation.
    assert figures(report(region_ids=frozenset({r3.pk}))) == {
        "hours_confirmed": Decimal("0.5"),
        "hours_people": 1,
    }
    nothing = report(region_ids=frozenset())
    assert figures(nothing) == {"hours_confirmed": Decimal("0.0"), "hours_people": 0}
    assert nothing.region_columns[0].values == {}


def test_organisation(world):
    found = report(organisation_id=world["o1"].pk)
    assert figures(found) == {"hours_confirmed": Decimal("3.2"), "hours_people": 2}
    assert found.region_columns[0].values == {world["r1"].pk: Decimal("3.2")}


def test_the_period_is_inclusive(world):
    found = section(
        ReportQuery(start=datetime.date(2026, 9, 30), end=datetime.date(2026, 11, 1), today=TODAY)
    )
    assert figures(found) == {"hours_confirmed": Decimal("6.8"), "hours_people": 3}
    one_day = section(ReportQuery(start=OCT_31, end=OCT_31, today=TODAY))
    assert figures(one_day) == {"hours_confirmed": Decimal("0.5"), "hours_people": 1}


def test_course_and_audience_do_not_cut_it(world):
    found = report(course_id=4321, audience_id=8)
    assert found.ignores == frozenset({COURSE, AUDIENCE})
    assert figures(found) == figures(report())


def test_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(3):
        report()
    for n in range(8):
        entry(UserFactory(region=world["r2"]), world["o2"], OCT_1 + datetime.timedelta(n), 60)
    with django_assert_num_queries(3):
        found = report()
    assert figures(found) == {"hours_confirmed": Decimal("12.8"), "hours_people": 11}
