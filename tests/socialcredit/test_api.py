"""What other apps (certificates) learn from ``lms.socialcredit.api``: frozen data with the
hours counted, and who manages which programme."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from lms.accounts.models import Membership
from lms.socialcredit import api
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.socialcredit.factories import (
    ProgrammeFactory,
    UniversityFactory,
    confirmed_shift,
    log_shift,
    placed_student,
    supervisor_at,
)

pytestmark = pytest.mark.django_db


def test_a_programme_with_its_tiers_lowest_first():
    organisation = OrganisationFactory(name="Фронт-офис Алматы")
    # Tiers entered highest first in the admin still come lowest first.
    programme = ProgrammeFactory(
        organisation=organisation,
        hour_cap=60,
        credit_ceiling=6,
        currency="RUB",
        tiers=[(50, 50000, 5), (10, 8000, 1), (20, 20000, 2)],
    )
    data = api.get_programme(programme.pk)
    assert dataclasses.is_dataclass(data)
    assert (data.id, data.title, data.organisation_id, data.organisation_name) == (
        programme.pk,
        programme.title,
        organisation.pk,
        "Фронт-офис Алматы",
    )
    assert (data.starts_on, data.ends_on) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    assert (data.hour_cap, data.credit_ceiling, data.currency) == (60, 6, "RUB")
    assert [(tier.hours, tier.amount, tier.credits) for tier in data.tiers] == [
        (10, Decimal(8000), 1),
        (20, Decimal(20000), 2),
        (50, Decimal(50000), 5),
    ]
    assert {tier.id for tier in data.tiers} == set(programme.tiers.values_list("pk", flat=True))
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.hour_cap = 1000
    assert api.get_programme(987654) is None


def test_a_programme_is_read_in_two_queries(django_assert_num_queries):
    programme = ProgrammeFactory()
    with django_assert_num_queries(2):
        api.get_programme(programme.pk)


def test_a_students_participations_newest_programme_first_with_their_hours():
    earlier = ProgrammeFactory(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    old = placed_student(programme=earlier)
    student = old.participation.user
    new = placed_student(user=student)
    waiting = placed_student(programme=new.participation.programme, user=student)
    confirmed_shift(new, minutes=150)
    log_shift(waiting, minutes=45)
    confirmed_shift(old, minutes=30, date=datetime.date(2025, 6, 1))

    rows = api.participations_of(student.pk)
    assert [row.id for row in rows] == [new.participation_id, old.participation_id]
    latest = rows[0]
    participation = new.participation
    assert (latest.user_id, latest.programme_id) == (student.pk, participation.programme_id)
    assert (latest.university_id, latest.university_name, latest.student_id) == (
        participation.university_id,
        participation.university.name,
        participation.student_id,
    )
    assert (latest.confirmed_minutes, latest.submitted_minutes) == (150, 45)
    # Hosts where hours are confirmed only.
    assert latest.host_names == (new.host.name,)
    assert latest.supervisor_names == (new.supervisor.full_name,)
    assert (rows[1].confirmed_minutes, rows[1].host_names) == (30, (old.host.name,))
    assert api.get_participation(new.participation_id) == latest
    assert api.get_participation(987654) is None
    assert api.participations_of(UserFactory().pk) == []


def test_participation_ids_leave_out_programmes_that_ended():
    ended = placed_student(
        programme=ProgrammeFactory(
            starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
        )
    )
    running = placed_student()
    assert api.participation_ids() == sorted([ended.participation_id, running.participation_id])
    assert api.participation_ids(ended_on_or_after=datetime.date(2026, 1, 1)) == [
        running.participation_id
    ]
    assert api.participation_ids(ended_on_or_after=datetime.date(2025, 12, 31)) == sorted(
        [ended.participation_id, running.participation_id]
    )


def test_programme_coordinators_of_the_administering_organisation_manage_its_programmes():
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    coordinator = supervisor_at(programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR)
    assert api.managed_programme_ids(coordinator.pk) == [programme.pk]
    assert api.may_manage_programme(coordinator.pk, programme.pk)
    assert not api.may_manage_programme(coordinator.pk, other.pk)
    # Other roles there, or programme coordinators elsewhere, do not.
    for person in [
        supervisor_at(programme.organisation, role=Membership.Role.COORDINATOR),
        supervisor_at(programme.organisation, role=Membership.Role.SUPERVISOR),
        supervisor_at(OrganisationFactory(), role=Membership.Role.PROGRAMME_COORDINATOR),
        UserFactory(),
    ]:
        assert not api.may_manage_programme(person.pk, programme.pk)
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert api.managed_programme_ids(admin.pk) == sorted([programme.pk, other.pk])
    assert api.may_manage_programme(admin.pk, other.pk)


def test_university_ids_of_a_social_credit_officer():
    university = UniversityFactory()
    officer = supervisor_at(university, role=Membership.Role.UNIVERSITY)
    MembershipFactory(user=officer, organisation=OrganisationFactory(), role="supervisor")
    assert api.university_ids_of(officer.pk) == [university.pk]
    assert api.university_ids_of(UserFactory().pk) == []
