"""Session logs and concerns: hours written to the ledger (pending or confirmed, once per
session), bad input refused with nothing written, only the matched mentor logs and raises
concerns, and a concern is told to the programme's coordinators once and never edited."""

import re
from smtplib import SMTPException

import pytest

from lms.hours import api as hours
from mentorship import selectors, services, tasks
from mentorship.models import Concern, MentoringProgramme, Session
from tests.factories import MembershipFactory, UserFactory
from tests.mentorship.factories import TODAY, ProgrammeFactory, active_match, coordinator_of
from tests.mentorship.rules_helpers import (
    DAY,
    close,
    days,
    fast_passwords,  # noqa: F401 (autouse)
    log_session,
    refused,
    volunteer_coordinator_of,
    world,
)

pytestmark = pytest.mark.django_db

STARTED = TODAY - days(40)


def ledger(user):
    return hours.entries_by_ref(
        user_id=user.pk, source="mentoring", source_ref_prefix="mentoring-session:"
    )


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def coordinator(programme):
    return coordinator_of(programme)


@pytest.fixture
def match(programme, coordinator):
    return active_match(programme=programme, coordinator=coordinator, started_on=STARTED)


# --- Hours ---------------------------------------------------------------------------------------


class TestHours:
    def test_a_session_writes_pending_hours(self, match, programme):
        session = log_session(match, on=TODAY - days(2), minutes=90)
        entry = hours.get_entry(session.hours_entry_id)
        assert entry.status == "submitted"
        assert (entry.user_id, entry.organisation_id) == (
            match.mentor.user_id,
            programme.organisation_id,
        )
        assert (entry.date, entry.minutes, entry.source) == (TODAY - days(2), 90, "mentoring")
        assert entry.source_ref == f"mentoring-session:{session.pk}" == session.hours_ref
        assert programme.title in entry.description
        assert entry.decided_by_id is None

    def test_a_programme_that_confirms_at_once(self, programme, match):
        programme.session_hours = MentoringProgramme.SessionHours.CONFIRMED
        programme.save()
        session = log_session(match, on=TODAY - DAY, minutes=45)
        entry = hours.get_entry(session.hours_entry_id)
        assert entry.status == "confirmed" and entry.minutes == 45

    def test_one_entry_per_session(self, match):
        first = log_session(match, on=TODAY - days(3))
        second = log_session(match, on=TODAY - days(3))
        assert first.hours_entry_id != second.hours_entry_id
        assert sorted(e.source_ref for e in ledger(match.mentor.user)) == sorted(
            [first.hours_ref, second.hours_ref]
        )
        # The reference makes a repeat (a retried task) return the same entry.
        again = hours.record_hours(
            user_id=match.mentor.user_id,
            organisation_id=match.programme.organisation_id,
            date=TODAY - days(3),
            minutes=60,
            description="again",
            source="mentoring",
            source_ref=first.hours_ref,
        )
        assert again.id == first.hours_entry_id
        assert len(ledger(match.mentor.user)) == 2

    def test_the_session_keeps_what_was_logged(self, match):
        session = log_session(
            match,
            on=TODAY - DAY,
            minutes=120,
            mode=Session.Mode.ONLINE,
            mood=2,
            activities=["talk", "studies", "talk"],
            activities_other=" Готовили открытку ",
            note="Всё хорошо",
        )
        session.refresh_from_db()
        assert session.activities == ["talk", "studies"]
        assert session.activities_other == "Готовили открытку"
        assert (session.mode, session.mood, session.logged_by_id) == (
            "online",
            2,
            match.mentor.user_id,
        )
        assert list(selectors.sessions_of_match(match=match)) == [session]

    def test_free_text_alone_is_enough(self, match):
        session = log_session(match, on=TODAY, activities=[], activities_other="Гуляли")
        assert session.pk and session.activities == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"on": TODAY + DAY}, "date"),
        ({"on": STARTED - DAY}, "date"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 14}, "minutes"),
        ({"minutes": 721}, "minutes"),
        ({"activities": ["talk", "skydiving"]}, "activities"),
        ({"activities": [], "activities_other": "  "}, "activities"),
        ({"activities_other": "x" * 201}, "activities_other_too_long"),
        ({"mood": 0}, "mood"),
        ({"mood": 6}, "mood"),
        ({"mode": "telepathy"}, "mode"),
        ({"concern_category": "weather", "concern_text": "Что-то не так"}, "concern_category"),
        ({"concern_category": "safety", "concern_text": " "}, "concern_text"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(match, changes, code):
    values = {"on": TODAY - DAY} | changes
    with refused(code):
        log_session(match, **values)
    assert not Session.objects.exists()
    assert ledger(match.mentor.user) == []
    assert not Concern.objects.exists()


@pytest.mark.parametrize("edge", [15, 720])
def test_the_duration_limits_are_allowed(match, edge):
    assert log_session(match, on=TODAY, minutes=edge).minutes == edge


def test_the_start_day_and_today_are_allowed(match):
    log_session(match, on=STARTED)
    log_session(match, on=TODAY)
    assert Session.objects.count() == 2


# --- Only the matched mentor ------------------------------------------------------------------


def _log(match, actor):
    return log_session(match, on=TODAY - DAY, actor=actor)


def _raise(match, actor):
    return services.concern_raise(
        match_id=match.pk, actor=actor, category="wellbeing", text="Ребёнок грустит"
    )


MENTOR_SERVICES = {"session_log": _log, "concern_raise": _raise}
NOT_THE_MENTOR = [
    "anonymous",
    "learner",
    "other_mentor_user",
    "coordinator",
    "admin",
    "other_coordinator",
    "volunteer_coordinator",
]


@pytest.mark.parametrize("service", MENTOR_SERVICES)
def test_mentor_only_services(service):
    w = world()
    call = MENTOR_SERVICES[service]
    for role in NOT_THE_MENTOR:
        with refused("forbidden"):
            call(w.match, getattr(w, role))
    assert not Session.objects.exists() and not Concern.objects.exists()
    assert ledger(w.coordinator) == [] and ledger(w.admin) == []
    assert call(w.match, w.mentor_user).pk
    # The former mentor, once the match is closed, can do neither.
    close(w.match, w.coordinator)
    before = (Session.objects.count(), Concern.objects.count(), len(ledger(w.mentor_user)))
    with refused("status"):
        call(w.match, w.mentor_user)
    assert (Session.objects.count(), Concern.objects.count(), len(ledger(w.mentor_user))) == before


def test_another_mentor_cannot_log_into_a_match_of_theirs_either():
    """Each mentor logs only into their own match (the other way round too)."""
    w = world()
    with refused("forbidden"):
        _log(w.other_match, w.mentor_user)
    assert _log(w.other_match, w.other_mentor_user).match_id == w.other_match.pk


def test_a_mentor_sees_only_their_own_sessions():
    w = world()
    mine = _log(w.match, w.mentor_user)
    _log(w.other_match, w.other_mentor_user)
    assert list(selectors.sessions_of_mentor(user=w.mentor_user)) == [mine]
    close(w.match, w.coordinator)
    assert list(selectors.sessions_of_mentor(user=w.mentor_user)) == [mine]


# --- Concerns -----------------------------------------------------------------------------------


class TestConcerns:
    def test_a_session_with_a_concern_raises_exactly_one(
        self, match, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            session = log_session(
                match,
                on=TODAY - DAY,
                concern_category="safety",
                concern_text="Синяк на руке",
            )
        (concern,) = Concern.objects.all()
        assert (concern.session_id, concern.match_id) == (session.pk, match.pk)
        assert (concern.category, concern.text) == ("safety", "Синяк на руке")
        assert concern.raised_by_id == match.mentor.user_id
        assert concern.status == Concern.Status.OPEN and concern.notified_at is None
        assert len(callbacks) == 1  # the notification, queued once
        assert selectors.sessions_of_mentor(user=match.mentor.user).get().concerns_count == 1

    def test_a_session_without_a_concern_raises_none(self, match):
        log_session(match, on=TODAY - DAY)
        assert not Concern.objects.exists()

    def test_closing_keeps_the_concern_as_raised(self, match, coordinator):
        concern = _raise(match, match.mentor.user)
        closed = services.concern_close(
            concern_id=concern.pk, actor=coordinator, resolution="Поговорили с воспитателем"
        )
        closed.refresh_from_db()
        assert (closed.status, closed.resolution) == ("closed", "Поговорили с воспитателем")
        assert (closed.text, closed.category) == ("Ребёнок грустит", "wellbeing")
        assert closed.closed_by_id == coordinator.pk and closed.closed_at is not None
        with refused("status"):
            services.concern_close(concern_id=concern.pk, actor=coordinator, resolution="Иначе")
        closed.refresh_from_db()
        assert closed.resolution == "Поговорили с воспитателем"
        with refused("resolution"):
            services.concern_close(
                concern_id=_raise(match, match.mentor.user).pk, actor=coordinator, resolution=""
            )

    def test_no_service_edits_or_removes_a_concern(self):
        names = {name for name in dir(services) if name.startswith("concern_")}
        assert names == {"concern_raise", "concern_close", "concern_notify"}

    def test_a_concern_stays_after_the_match_closes(self, match, coordinator):
        concern = _raise(match, match.mentor.user)
        close(match, coordinator)
        concern.refresh_from_db()
        assert concern.status == Concern.Status.OPEN and concern.text == "Ребёнок грустит"
        assert list(selectors.concerns_of(programme=match.programme, status="open")) == [concern]


class TestConcernNotification:
    @pytest.fixture
    def coordinators(self, programme, coordinator):
        coordinator.preferred_language = "ru"
        coordinator.save()
        return [
            coordinator,
            coordinator_of(programme, preferred_language="kk"),
            coordinator_of(programme, preferred_language="en"),
        ]

    @pytest.fixture
    def bystanders(self, programme):
        """People who must not be told: another organisation's programme coordinator, a
        volunteer coordinator of the same organisation, a coordinator who left (inactive),
        an administrator."""
        inactive = coordinator_of(programme)
        inactive.is_active = False
        inactive.save()
        return [
            coordinator_of(ProgrammeFactory()),
            volunteer_coordinator_of(programme),
            inactive,
            UserFactory(is_superuser=True, is_staff=True),
            MembershipFactory(organisation=programme.organisation, role="supervisor").user,
        ]

    def test_the_programmes_coordinators_are_told_once_each_in_their_language(
        self, match, coordinators, bystanders, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            log_session(match, on=TODAY - DAY, concern_category="health", concern_text="Кашель")
        assert sorted(m.to[0] for m in mailoutbox) == sorted(c.email for c in coordinators)
        assert {m.to[0] for m in mailoutbox}.isdisjoint(b.email for b in bystanders)
        by_person = {m.to[0]: m for m in mailoutbox}
        greetings = {"ru": "Здравствуйте", "kk": "Сәлеметсіз бе", "en": "Hello"}
        for person in coordinators:
            message = by_person[person.email]
            assert message.body.startswith(greetings[person.preferred_language])
            assert person.full_name in message.body
            assert re.search(rf"[#№]\s*{match.pk}\b", message.body), message.body
            assert "Кашель" not in message.body + message.subject
        concern = Concern.objects.get()
        assert concern.notified_at is not None
        # The task run again (a retry, a duplicate delivery) tells nobody twice.
        assert tasks.notify_concern.apply(args=[concern.pk]).get() == 0
        assert services.concern_notify(concern_id=concern.pk) == 0
        assert len(mailoutbox) == 3

    def test_a_concern_raised_on_its_own_is_told_once(
        self, match, coordinators, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            concern = _raise(match, match.mentor.user)
        assert len(mailoutbox) == 3
        assert tasks.notify_concern.apply(args=[concern.pk]).get() == 0
        assert len(mailoutbox) == 3

    def test_a_failed_sending_is_retried_without_marking_it_told(
        self, match, coordinators, mailoutbox, monkeypatch
    ):
        concern = _raise(match, match.mentor.user)
        real = services.send_templated_mail

        def failing(**kwargs):
            raise SMTPException("down")

        monkeypatch.setattr(services, "send_templated_mail", failing)
        with pytest.raises(SMTPException):
            services.concern_notify(concern_id=concern.pk)
        concern.refresh_from_db()
        assert concern.notified_at is None
        monkeypatch.setattr(services, "send_templated_mail", real)
        assert services.concern_notify(concern_id=concern.pk) == 3
        assert services.concern_notify(concern_id=concern.pk) == 0
        assert len(mailoutbox) == 3

    def test_an_unknown_concern_tells_nobody(self, mailoutbox):
        assert services.concern_notify(concern_id=987654) == 0
        assert mailoutbox == []
