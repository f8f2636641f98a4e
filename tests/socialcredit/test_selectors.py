"""Social credit's reads: a participation's progress, who is host staff, what a host, a
university and a programme coordinator see."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from lms.accounts.models import Membership
from lms.hours import services as hours_services
from lms.socialcredit import selectors, services
from lms.socialcredit.models import Participation, Placement, Programme
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.socialcredit.factories import (
    TODAY,
    ParticipationFactory,
    ProgrammeFactory,
    UniversityFactory,
    confirmed_shift,
    log_shift,
    placed_student,
    supervisor_at,
)

pytestmark = pytest.mark.django_db


def _fresh(participation) -> Participation:
    return Participation.objects.select_related("programme").get(pk=participation.pk)


# --- Progress ------------------------------------------------------------------------------


def test_progress_counts_minutes_by_status_against_the_cap():
    placement = placed_student(programme=ProgrammeFactory(hour_cap=10))
    confirmed_shift(placement, minutes=180)
    log_shift(placement, minutes=60)
    rejected = log_shift(placement, minutes=45)
    hours_services.hours_reject(entry_id=rejected.id, actor=placement.supervisor, reason="Нет")
    progress = selectors.progress(_fresh(placement.participation))
    assert (progress.confirmed, progress.submitted, progress.rejected) == (180, 60, 45)
    assert progress.cap_minutes == 600
    assert progress.left == 600 - 180 - 60
    assert progress.confirmed_share == 30


def test_progress_never_shows_more_than_the_whole_or_less_than_nothing_left():
    placement = placed_student(programme=ProgrammeFactory(hour_cap=70))
    confirmed_shift(placement, minutes=600)
    log_shift(placement, minutes=120)
    Programme.objects.filter(pk=placement.participation.programme_id).update(hour_cap=8)
    progress = selectors.progress(_fresh(placement.participation))
    assert progress.left == 0
    assert progress.confirmed_share == 100


def test_hosts_and_supervisors_are_named_only_where_hours_are_confirmed():
    first = placed_student()
    programme, student = first.participation.programme, first.participation.user
    second = placed_student(
        programme=programme, user=student, supervisor=None, host=OrganisationFactory()
    )
    waiting = placed_student(programme=programme, user=student)
    log_shift(waiting, minutes=120)  # waiting hours name nobody
    rejected = log_shift(first, minutes=60)
    hours_services.hours_reject(entry_id=rejected.id, actor=first.supervisor, reason="Нет")
    participation = _fresh(first.participation)
    assert selectors.progress(participation).host_names == ()
    assert selectors.progress(participation).supervisor_names == ()

    confirmed_shift(second, minutes=60)
    confirmed_shift(first, minutes=60)
    progress = selectors.progress(participation)
    # In the order the student joined them, each once.
    assert progress.host_names == (first.host.name, second.host.name)
    assert progress.supervisor_names == (first.supervisor.full_name, second.supervisor.full_name)
    assert waiting.host.name not in progress.host_names


def test_a_host_is_named_once_across_placements_and_finished_ones_still_count():
    first = placed_student()
    confirmed_shift(first, minutes=60)
    services.placement_finish(placement_id=first.pk, actor=first.supervisor)
    again = placed_student(
        programme=first.participation.programme,
        user=first.participation.user,
        host=first.host,
        supervisor=first.supervisor,
    )
    confirmed_shift(again, minutes=60)
    progress = selectors.progress(_fresh(first.participation))
    assert progress.host_names == (first.host.name,)
    assert progress.supervisor_names == (first.supervisor.full_name,)
    assert progress.confirmed == 120


def test_next_tier_is_the_lowest_not_yet_reached():
    programme = ProgrammeFactory()  # 20 h and 50 h
    assert selectors.next_tier(programme, 0).hours == 20
    assert selectors.next_tier(programme, 20 * 60 - 1).hours == 20
    assert selectors.next_tier(programme, 20 * 60).hours == 50
    assert selectors.next_tier(programme, 50 * 60) is None


# --- Who is who ---------------------------------------------------------------------------


def test_host_staff_are_its_supervisors_and_coordinators():
    host = OrganisationFactory()
    supervisor = supervisor_at(host)
    coordinator = supervisor_at(host, role=Membership.Role.COORDINATOR)
    both = supervisor_at(host)
    MembershipFactory(user=both, organisation=host, role=Membership.Role.COORDINATOR)
    supervisor_at(host, is_active=False)
    supervisor_at(host, role=Membership.Role.PROGRAMME_COORDINATOR)
    supervisor_at(host, role=Membership.Role.MENTOR)
    supervisor_at(OrganisationFactory())
    assert set(selectors.host_supervisors(host_id=host.pk)) == {supervisor, coordinator, both}
    assert selectors.host_supervisors(host_id=host.pk).count() == 3
    for person in (supervisor, coordinator, UserFactory(is_superuser=True)):
        assert selectors.is_host_staff(user=person, host_id=host.pk)
    mentor = Membership.objects.get(organisation=host, role=Membership.Role.MENTOR).user
    for person in (mentor, UserFactory(), AnonymousUser()):
        assert not selectors.is_host_staff(user=person, host_id=host.pk)


def test_a_placement_is_seen_by_the_student_the_host_and_the_programme_coordinators():
    placement = placed_student()
    programme = placement.participation.programme
    allowed = [
        placement.participation.user,
        placement.supervisor,
        supervisor_at(placement.host, role=Membership.Role.COORDINATOR),
        supervisor_at(programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR),
        UserFactory(is_superuser=True),
    ]
    refused = [
        AnonymousUser(),
        UserFactory(),
        supervisor_at(OrganisationFactory()),
        supervisor_at(OrganisationFactory(), role=Membership.Role.PROGRAMME_COORDINATOR),
        supervisor_at(placement.participation.university, role=Membership.Role.UNIVERSITY),
        supervisor_at(placement.host, role=Membership.Role.MENTOR),
    ]
    for person in allowed:
        assert selectors.may_view_placement(user=person, placement=placement), person
    for person in refused:
        assert not selectors.may_view_placement(user=person, placement=placement), person


def test_managed_programmes_are_those_of_the_coordinators_organisation():
    mine, also_mine, other = ProgrammeFactory(), ProgrammeFactory(), ProgrammeFactory()
    also_mine.organisation = mine.organisation
    also_mine.save()
    coordinator = supervisor_at(mine.organisation, role=Membership.Role.PROGRAMME_COORDINATOR)
    # A second role at the same organisation does not repeat the programmes.
    MembershipFactory(
        user=coordinator, organisation=mine.organisation, role=Membership.Role.COORDINATOR
    )
    assert selectors.managed_programme_ids(user_id=coordinator.pk) == sorted(
        [mine.pk, also_mine.pk]
    )
    elsewhere = supervisor_at(other.organisation, role=Membership.Role.PROGRAMME_COORDINATOR)
    assert selectors.managed_programme_ids(user_id=elsewhere.pk) == [other.pk]
    for role in (Membership.Role.COORDINATOR, Membership.Role.SUPERVISOR):
        person = supervisor_at(mine.organisation, role=role)
        assert selectors.managed_programme_ids(user_id=person.pk) == []
    admin = UserFactory(is_superuser=True)
    assert selectors.managed_programme_ids(user_id=admin.pk) == sorted(
        [mine.pk, also_mine.pk, other.pk]
    )
    gone = supervisor_at(
        mine.organisation, role=Membership.Role.PROGRAMME_COORDINATOR, is_active=False
    )
    assert selectors.managed_programme_ids(user_id=gone.pk) == []
    assert selectors.managed_programme_ids(user_id=987654) == []


def test_university_officers_see_their_universities_only():
    first, second = UniversityFactory(), UniversityFactory()
    officer = supervisor_at(second, role=Membership.Role.UNIVERSITY)
    MembershipFactory(user=officer, organisation=first, role=Membership.Role.UNIVERSITY)
    MembershipFactory(
        user=officer, organisation=OrganisationFactory(), role=Membership.Role.COORDINATOR
    )
    assert selectors.university_ids_of(user_id=officer.pk) == sorted([first.pk, second.pk])
    assert selectors.university_ids_of(user_id=UserFactory().pk) == []


# --- Lists ------------------------------------------------------------------------------


def test_the_host_list_shows_the_hosts_placements_waiting_ones_first():
    programme = ProgrammeFactory()
    host = OrganisationFactory()
    supervisor = supervisor_at(host)
    accepted = placed_student(programme=programme, host=host, supervisor=supervisor)
    waiting = Placement.objects.create(
        participation=ParticipationFactory(programme=programme), host=host
    )
    declined = Placement.objects.create(
        participation=ParticipationFactory(programme=programme),
        host=host,
        status=Placement.Status.DECLINED,
        decline_reason="Нет мест",
    )
    elsewhere = placed_student(programme=programme)
    listed = list(selectors.host_placements(user=supervisor))
    assert set(listed) == {accepted, waiting, declined}
    assert listed[0] == waiting
    assert list(selectors.host_placements(user=supervisor, status="applied")) == [waiting]
    admin = UserFactory(is_superuser=True)
    assert set(selectors.host_placements(user=admin)) == {accepted, waiting, declined, elsewhere}
    assert list(selectors.host_placements(user=UserFactory())) == []


def test_a_university_sees_its_students_with_their_running_placements():
    programme = ProgrammeFactory()
    university = UniversityFactory()
    twice = placed_student(programme=programme, university=university)
    placed_student(programme=programme, user=twice.participation.user, university=university)
    Placement.objects.create(participation=twice.participation, host=OrganisationFactory())
    waiting = ParticipationFactory(programme=programme, university=university)
    Placement.objects.create(participation=waiting, host=OrganisationFactory())
    placed_student(programme=programme)  # another university
    later = placed_student(university=university)  # another programme
    rows = {
        row.pk: row.placement_count
        for row in selectors.university_participations(university_ids=[university.pk])
    }
    assert rows == {twice.participation_id: 2, waiting.pk: 0, later.participation_id: 1}
    rows = selectors.university_participations(
        university_ids=[university.pk], programme_id=programme.pk
    )
    assert {row.pk for row in rows} == {twice.participation_id, waiting.pk}


def test_open_programmes_are_open_and_not_over():
    running = ProgrammeFactory()
    ProgrammeFactory(is_open=False)
    ProgrammeFactory(starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31))
    last_day = ProgrammeFactory(ends_on=TODAY)
    assert set(selectors.open_programmes(today=TODAY)) == {running, last_day}


def test_a_students_participations_and_placements_newest_first():
    old = placed_student(
        programme=ProgrammeFactory(
            starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
        )
    )
    student = old.participation.user
    new = placed_student(user=student)
    second = placed_student(programme=new.participation.programme, user=student)
    assert list(selectors.participations_for(user=student)) == [
        new.participation,
        old.participation,
    ]
    assert list(selectors.placements_of(participation=new.participation)) == [second, new]
