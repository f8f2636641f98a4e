"""Matches: one open match per mentor and per child (in the services and in the database), the
life of a match, and who may do what: every coordinator-only service refused for everyone
but the programme's coordinators and administrators; who may see a match and a child."""

import pytest
from django.db import IntegrityError, transaction

from mentorship import selectors, services
from mentorship.models import (
    CheckIn,
    Concern,
    Match,
    Mentee,
    MenteeAccess,
    Mentor,
    ScreeningCheck,
    Step,
)
from tests.mentorship.factories import (
    TODAY,
    InstitutionFactory,
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
    ready_mentor,
)
from tests.mentorship.rules_helpers import (
    DAY,
    close,
    days,
    fast_passwords,  # noqa: F401 (autouse)
    propose,
    refused,
    start,
    world,
)

pytestmark = pytest.mark.django_db


# --- One open match each -------------------------------------------------------------------


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def coordinator(programme):
    return coordinator_of(programme)


@pytest.mark.parametrize("started", [False, True], ids=["proposed", "active"])
def test_a_mentor_in_an_open_match_is_refused(programme, coordinator, started):
    mentor = ready_mentor(programme)
    match = propose(programme, coordinator, mentor)
    if started:
        start(match, coordinator)
    with refused("mentor_taken"):
        propose(programme, coordinator, mentor)
    assert Match.objects.filter(mentor=mentor).count() == 1


@pytest.mark.parametrize("started", [False, True], ids=["proposed", "active"])
def test_a_child_in_an_open_match_is_refused(programme, coordinator, started):
    mentee = MenteeFactory(programme=programme)
    match = propose(programme, coordinator, ready_mentor(programme), mentee)
    if started:
        start(match, coordinator)
    with refused("mentee_taken"):
        propose(programme, coordinator, ready_mentor(programme), mentee)
    assert Match.objects.filter(mentee=mentee).count() == 1


def test_after_a_close_both_can_be_matched_again(programme, coordinator):
    match = active_match(programme=programme, coordinator=coordinator)
    close(match, coordinator)
    again = propose(programme, coordinator, match.mentor)
    assert again.status == Match.Status.PROPOSED
    other = propose(programme, coordinator, ready_mentor(programme), match.mentee)
    assert other.mentee_id == match.mentee_id


def test_after_a_cancel_both_can_be_matched_again(programme, coordinator):
    mentor, mentee = ready_mentor(programme), MenteeFactory(programme=programme)
    match = propose(programme, coordinator, mentor, mentee)
    services.match_cancel(match_id=match.pk, actor=coordinator, reason="Нет согласия")
    match.refresh_from_db()
    assert match.status == Match.Status.CANCELLED and match.exit_note == "Нет согласия"
    assert propose(programme, coordinator, mentor, mentee).status == Match.Status.PROPOSED


def _raw_match(mentor, mentee, status=Match.Status.PROPOSED, **fields):
    with transaction.atomic():
        return Match.objects.create(
            programme=mentor.programme, mentor=mentor, mentee=mentee, status=status, **fields
        )


@pytest.mark.parametrize("status", ["proposed", "active"])
def test_the_database_keeps_one_open_match_per_mentor(programme, status):
    mentor = ready_mentor(programme)
    consent = {"started_on": TODAY, "consent_on": TODAY, "consent_by": "institution"}
    extra = consent if status == "active" else {}
    _raw_match(mentor, MenteeFactory(programme=programme), status, **extra)
    with pytest.raises(IntegrityError):
        _raw_match(mentor, MenteeFactory(programme=programme))
    with pytest.raises(IntegrityError):
        _raw_match(mentor, MenteeFactory(programme=programme), "active", **consent)
    # A closed or cancelled match does not count.
    _raw_match(
        mentor, MenteeFactory(programme=programme), "cancelled", closed_on=TODAY, exit_note="x"
    )


@pytest.mark.parametrize("status", ["proposed", "active"])
def test_the_database_keeps_one_open_match_per_child(programme, status):
    mentee = MenteeFactory(programme=programme)
    consent = {"started_on": TODAY, "consent_on": TODAY, "consent_by": "institution"}
    extra = consent if status == "active" else {}
    _raw_match(ready_mentor(programme), mentee, status, **extra)
    with pytest.raises(IntegrityError):
        _raw_match(ready_mentor(programme), mentee)
    _raw_match(
        ready_mentor(programme),
        mentee,
        "closed",
        closed_on=TODAY,
        reason="other",
        started_on=TODAY,
    )


def test_the_database_refuses_an_active_match_without_consent(programme):
    with pytest.raises(IntegrityError):
        _raw_match(
            ready_mentor(programme), MenteeFactory(programme=programme), "active", started_on=TODAY
        )


def test_the_database_refuses_a_closed_match_without_a_reason(programme):
    with pytest.raises(IntegrityError):
        _raw_match(
            ready_mentor(programme), MenteeFactory(programme=programme), "closed", closed_on=TODAY
        )


def test_an_open_match_keeps_the_mentor_in_the_programme(programme, coordinator):
    match = propose(programme, coordinator, ready_mentor(programme))
    with refused("matched"):
        services.mentor_withdraw(mentor_id=match.mentor_id, actor=match.mentor.user)
    with refused("matched"):
        services.mentor_decline(mentor_id=match.mentor_id, actor=coordinator, reason="Нет")
    assert Mentor.objects.get(pk=match.mentor_id).status == Mentor.Status.ACTIVE


def test_a_child_in_an_open_match_stays_active(programme, coordinator):
    match = propose(programme, coordinator, ready_mentor(programme))
    mentee = match.mentee
    with refused("matched"):
        services.mentee_update(
            mentee_id=mentee.pk,
            actor=coordinator,
            age_band=mentee.age_band,
            institution_id=mentee.institution_id,
            interests=mentee.interests,
            coordinator_notes="",
            is_active=False,
        )
    assert Mentee.objects.get(pk=mentee.pk).is_active


# --- Closing ------------------------------------------------------------------------------------


class TestClose:
    def test_a_close_keeps_the_reason_and_the_exit_note(self, programme, coordinator):
        match = active_match(programme=programme, coordinator=coordinator)
        closed = services.match_close(
            match_id=match.pk,
            actor=coordinator,
            closure=Match.Closure.PLANNED,
            reason=Match.Reason.TERM_ENDED,
            exit_note="Год прошёл хорошо",
            closed_on=TODAY - DAY,
            today=TODAY,
        )
        closed.refresh_from_db()
        assert (closed.status, closed.closure, closed.reason) == ("closed", "planned", "term_ended")
        assert closed.exit_note == "Год прошёл хорошо"
        assert (closed.closed_on, closed.closed_by_id) == (TODAY - DAY, coordinator.pk)

    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"closure": "sudden"}, "closure"),
            ({"reason": ""}, "reason"),
            ({"exit_note": "  "}, "exit_note"),
            ({"closed_on": TODAY + DAY}, "closed_on"),
            ({"closed_on": TODAY - days(41)}, "closed_on"),
        ],
    )
    def test_a_close_needs_its_facts(self, programme, coordinator, changes, code):
        match = active_match(programme=programme, coordinator=coordinator)  # started 40 days ago
        values = {
            "closure": Match.Closure.EARLY,
            "reason": Match.Reason.OTHER,
            "exit_note": "Итог",
            "closed_on": TODAY,
        } | changes
        with refused(code):
            services.match_close(match_id=match.pk, actor=coordinator, today=TODAY, **values)
        match.refresh_from_db()
        assert match.status == Match.Status.ACTIVE and match.closed_on is None

    def test_only_an_active_match_closes_and_only_a_proposed_one_cancels(
        self, programme, coordinator
    ):
        proposed = propose(programme, coordinator, ready_mentor(programme))
        with refused("status"):
            close(proposed, coordinator)
        active = active_match(programme=programme, coordinator=coordinator)
        with refused("status"):
            services.match_cancel(match_id=active.pk, actor=coordinator, reason="x")
        with refused("status"):
            start(active, coordinator)
        with refused("reason"):
            services.match_cancel(match_id=proposed.pk, actor=coordinator, reason=" ")


# --- Coordinator-only services --------------------------------------------------------------


def _concern(w):
    return services.concern_raise(
        match_id=w.match.pk, actor=w.mentor_user, category="wellbeing", text="Грустит"
    )


def _fresh_mentor(w):
    return MentorFactory(programme=w.programme)


def _case_decline(w):
    mentor = _fresh_mentor(w)
    return (
        lambda actor: services.mentor_decline(mentor_id=mentor.pk, actor=actor, reason="Нет"),
        lambda: Mentor.objects.get(pk=mentor.pk).status,
    )


def _case_screening(w):
    mentor = _fresh_mentor(w)
    return (
        lambda actor: services.screening_record(
            mentor_id=mentor.pk,
            actor=actor,
            step=Step.INTERVIEW,
            outcome="passed",
            done_on=TODAY,
            today=TODAY,
        ),
        lambda: ScreeningCheck.objects.filter(mentor=mentor).count(),
    )


def _case_mentee_create(w):
    institution = InstitutionFactory()
    return (
        lambda actor: services.mentee_create(
            programme_id=w.programme.pk,
            actor=actor,
            age_band=Mentee.AgeBand.FOURTEEN,
            institution_id=institution.pk,
        ),
        lambda: (Mentee.objects.count(), MenteeAccess.objects.count()),
    )


def _case_mentee_update(w):
    return (
        lambda actor: services.mentee_update(
            mentee_id=w.mentee.pk,
            actor=actor,
            age_band=Mentee.AgeBand.FOURTEEN,
            institution_id=w.mentee.institution_id,
            interests="шахматы",
            coordinator_notes="заметка",
        ),
        lambda: (
            tuple(Mentee.objects.filter(pk=w.mentee.pk).values_list("age_band", "interests")),
            MenteeAccess.objects.count(),
        ),
    )


def _case_propose(w):
    mentor, mentee = ready_mentor(w.programme), MenteeFactory(programme=w.programme)
    return (
        lambda actor: services.match_propose(
            programme_id=w.programme.pk,
            actor=actor,
            mentor_id=mentor.pk,
            mentee_id=mentee.pk,
            today=TODAY,
        ),
        lambda: Match.objects.count(),
    )


def _proposed(w):
    return services.match_propose(
        programme_id=w.programme.pk,
        actor=w.coordinator,
        mentor_id=ready_mentor(w.programme).pk,
        mentee_id=MenteeFactory(programme=w.programme).pk,
        today=TODAY,
    )


def _case_start(w):
    match = _proposed(w)
    return (
        lambda actor: start(match, actor),
        lambda: Match.objects.get(pk=match.pk).status,
    )


def _case_cancel(w):
    match = _proposed(w)
    return (
        lambda actor: services.match_cancel(match_id=match.pk, actor=actor, reason="Нет"),
        lambda: Match.objects.get(pk=match.pk).status,
    )


def _case_close(w):
    return (
        lambda actor: close(w.match, actor),
        lambda: Match.objects.get(pk=w.match.pk).status,
    )


def _case_checkin(w):
    return (
        lambda actor: services.checkin_record(
            match_id=w.match.pk,
            actor=actor,
            date=TODAY,
            with_whom=CheckIn.With.CHILD_SIDE,
            channel=CheckIn.Channel.VIDEO,
            today=TODAY,
        ),
        lambda: CheckIn.objects.count(),
    )


def _case_concern_close(w):
    concern = _concern(w)
    return (
        lambda actor: services.concern_close(
            concern_id=concern.pk, actor=actor, resolution="Поговорили"
        ),
        lambda: tuple(Concern.objects.filter(pk=concern.pk).values_list("status", "resolution")),
    )


COORDINATOR_SERVICES = {
    "mentor_decline": _case_decline,
    "screening_record": _case_screening,
    "mentee_create": _case_mentee_create,
    "mentee_update": _case_mentee_update,
    "match_propose": _case_propose,
    "match_start": _case_start,
    "match_cancel": _case_cancel,
    "match_close": _case_close,
    "checkin_record": _case_checkin,
    "concern_close": _case_concern_close,
}
REFUSED = [
    "anonymous",
    "learner",
    "other_coordinator",
    "volunteer_coordinator",
    "mentor_user",
    "other_mentor_user",
]


@pytest.mark.parametrize("allowed", ["coordinator", "admin"])
@pytest.mark.parametrize("service", COORDINATOR_SERVICES)
def test_coordinator_only_services(service, allowed):
    """Refused (``forbidden``, nothing changed) for anonymous people, learners, another
    programme's coordinator, a volunteer coordinator of the same organisation, the mentor and
    another mentor; done by the programme's coordinator and by an administrator."""
    w = world()
    call, state = COORDINATOR_SERVICES[service](w)
    before = state()
    for role in REFUSED:
        with refused("forbidden"):
            call(getattr(w, role))
        assert state() == before, role
    call(getattr(w, allowed))
    assert state() != before


# --- Who may see a match and a child ---------------------------------------------------------


VIEWERS = {
    "anonymous": False,
    "learner": False,
    "other_coordinator": False,
    "volunteer_coordinator": False,
    "other_mentor_user": False,
    "mentor_user": True,
    "coordinator": True,
    "admin": True,
}


@pytest.mark.parametrize(("role", "allowed"), VIEWERS.items())
def test_who_may_view_a_match_and_its_child(role, allowed):
    w = world()
    person = getattr(w, role)
    assert selectors.may_view_match(user=person, match=w.match) is allowed
    assert selectors.may_view_mentee(user=person, mentee=w.mentee) is allowed
    assert selectors.is_coordinator(user=person, programme=w.programme) is (
        role in ("coordinator", "admin")
    )
    assert selectors.is_matched_mentor(user=person, match=w.match) is (role == "mentor_user")


def test_the_former_mentor_loses_access_when_the_match_closes():
    w = world()
    close(w.match, w.coordinator)
    w.match.refresh_from_db()
    assert not selectors.may_view_match(user=w.mentor_user, match=w.match)
    assert not selectors.may_view_mentee(user=w.mentor_user, mentee=w.mentee)
    with refused("forbidden"):
        services.mentee_open(mentee_id=w.mentee.pk, viewer=w.mentor_user, place="test")
    # The coordinators still see both.
    assert selectors.may_view_match(user=w.coordinator, match=w.match)
    assert selectors.may_view_mentee(user=w.coordinator, mentee=w.mentee)
    # A new mentor of the child sees the child; the former one still does not.
    new = active_match(programme=w.programme, coordinator=w.coordinator, mentee=w.mentee)
    assert selectors.may_view_mentee(user=new.mentor.user, mentee=w.mentee)
    assert not selectors.may_view_mentee(user=w.mentor_user, mentee=w.mentee)


def test_a_proposed_mentor_does_not_see_the_child_yet(programme, coordinator):
    match = propose(programme, coordinator, ready_mentor(programme))
    assert not selectors.may_view_match(user=match.mentor.user, match=match)
    assert not selectors.may_view_mentee(user=match.mentor.user, mentee=match.mentee)
    start(match, coordinator)
    match.refresh_from_db()
    assert selectors.may_view_match(user=match.mentor.user, match=match)
    assert selectors.may_view_mentee(user=match.mentor.user, mentee=match.mentee)


def test_coordinated_programmes(programme, coordinator):
    other = ProgrammeFactory()
    same_organisation = ProgrammeFactory(organisation=programme.organisation)
    assert selectors.coordinated_programme_ids(user=coordinator) == {
        programme.pk,
        same_organisation.pk,
    }
    w = world()
    assert selectors.coordinated_programme_ids(user=w.admin) >= {programme.pk, other.pk}
    for role in ("anonymous", "learner", "mentor_user", "volunteer_coordinator"):
        assert selectors.coordinated_programme_ids(user=getattr(w, role)) == set()
