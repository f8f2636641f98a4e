"""Totals against a hand-built ledger, what waits for whom, and the api's reads."""

import datetime

import pytest

from lms.accounts.models import Membership
from lms.hours import api, selectors
from lms.hours.data import TotalsRow
from tests.factories import OrganisationFactory, UserFactory
from tests.hours.factories import HoursEntryFactory, supervisor_of

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def ledger():
    """Person A's entries (and one of B's that must never count)."""
    person, other = UserFactory(), UserFactory()
    aral = OrganisationFactory(name="Аральский центр")
    bereke = OrganisationFactory(name="Береке")
    rows = [
        (aral, D(2025, 3, 1), 90, "confirmed"),
        (aral, D(2025, 7, 10), 60, "submitted"),
        (bereke, D(2026, 1, 15), 45, "confirmed"),
        (bereke, D(2026, 2, 1), 30, "rejected"),
        (None, D(2026, 3, 1), 120, "confirmed"),
        (aral, D(2026, 12, 31), 15, "submitted"),
    ]
    for organisation, day, minutes, status in rows:
        HoursEntryFactory(
            user=person,
            organisation=organisation,
            date=day,
            minutes=minutes,
            status=status,
            rejection_reason="Нет" if status == "rejected" else "",
        )
    HoursEntryFactory(user=other, organisation=aral, date=D(2026, 1, 1), minutes=500)
    HoursEntryFactory(
        user=other, organisation=aral, date=D(2026, 1, 2), minutes=500, status="confirmed"
    )
    return {"person": person, "other": other, "aral": aral, "bereke": bereke}


def test_totals_of_all_years(ledger, django_assert_num_queries):
    with django_assert_num_queries(3):  # aggregated in the database, whatever the rows
        totals = selectors.totals(user=ledger["person"])
    assert totals.by_status == {"submitted": 75, "confirmed": 255, "rejected": 30}
    assert (totals.confirmed, totals.submitted, totals.rejected) == (255, 75, 30)
    aral, bereke = ledger["aral"], ledger["bereke"]
    assert totals.by_organisation == (
        TotalsRow(key=aral.pk, label="Аральский центр", confirmed=90, submitted=75, rejected=0),
        TotalsRow(key=bereke.pk, label="Береке", confirmed=45, submitted=0, rejected=30),
        TotalsRow(key=None, label="", confirmed=120, submitted=0, rejected=0),
    )
    assert totals.by_year == (
        TotalsRow(key=2026, label="2026", confirmed=165, submitted=15, rejected=30),
        TotalsRow(key=2025, label="2025", confirmed=90, submitted=60, rejected=0),
    )
    assert totals.years == [2026, 2025]
    assert totals.by_year[0].total == 210


def test_totals_of_one_year(ledger):
    totals = selectors.totals(user=ledger["person"], year=2025)
    assert totals.year == 2025
    assert totals.by_status == {"submitted": 60, "confirmed": 90, "rejected": 0}
    assert [(row.label, row.confirmed, row.submitted) for row in totals.by_organisation] == [
        ("Аральский центр", 90, 60)
    ]
    assert len(totals.by_year) == 2  # every year, to choose from


def test_totals_of_nobody_are_zero():
    totals = selectors.totals(user=UserFactory())
    assert totals.by_status == {"submitted": 0, "confirmed": 0, "rejected": 0}
    assert totals.by_organisation == () and totals.by_year == ()


def test_api_reads(ledger):
    person, aral = ledger["person"], ledger["aral"]
    assert api.confirmed_minutes(person.pk) == 255
    assert api.confirmed_minutes(person.pk, organisation_ids=[aral.pk]) == 90
    assert api.confirmed_minutes(person.pk, organisation_ids=[]) == 0
    assert api.confirmed_minutes(person.pk, date_from=D(2026, 1, 1)) == 165
    assert api.confirmed_minutes(person.pk, date_to=D(2025, 12, 31)) == 90
    assert api.confirmed_minutes(person.pk, date_from=D(2026, 1, 15), date_to=D(2026, 1, 15)) == 45
    assert api.confirmed_minutes(UserFactory().pk) == 0
    assert api.user_totals(person.pk, year=2026).by_status["confirmed"] == 165
    assert api.get_entry(987654) is None


def test_entries_newest_first(ledger):
    dates = [entry.date for entry in selectors.entries_for(user=ledger["person"])]
    assert dates == sorted(dates, reverse=True) and len(dates) == 6
    assert len(selectors.entries_for(user=ledger["person"], year=2025)) == 2


def test_waiting_for_shows_only_the_organisations_where_one_confirms():
    here, there = OrganisationFactory(), OrganisationFactory()
    supervisor = supervisor_of(here)
    Membership.objects.create(user=supervisor, organisation=there, role=Membership.Role.MENTOR)
    waiting = HoursEntryFactory(organisation=here)
    HoursEntryFactory(organisation=here, status="confirmed")
    HoursEntryFactory(organisation=there)  # a mentor there does not confirm
    HoursEntryFactory(organisation=None)
    HoursEntryFactory(organisation=here, user=supervisor)  # their own
    assert list(selectors.waiting_for(actor=supervisor)) == [waiting]
    assert selectors.may_confirm_anywhere(user=supervisor)
    learner = UserFactory()
    assert list(selectors.waiting_for(actor=learner)) == []
    assert not selectors.may_confirm_anywhere(user=learner)
    admin = UserFactory(is_superuser=True)
    assert selectors.waiting_for(actor=admin).count() == 4
