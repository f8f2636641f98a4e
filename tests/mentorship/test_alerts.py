"""The daily alert job: lapses found once (day 15 without contact, not day 14; never twice for
the same lapse), e-mailed to the programme's coordinators once, without the child's data."""

import re

import pytest
from celery.schedules import crontab

from lms.celery import app as celery_app
from mentorship import services, tasks
from mentorship.models import Alert, CheckIn, ScreeningCheck, Step
from tests.factories import UserFactory
from tests.mentorship.factories import (
    TODAY,
    MentorFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
    screen,
)
from tests.mentorship.rules_helpers import (
    DAY,
    check_in,
    close,
    days,
    fast_passwords,  # noqa: F401 (autouse)
    log_session,
)

pytestmark = pytest.mark.django_db

START = TODAY - days(60)


def alerts(kind=None):
    qs = Alert.objects.order_by("pk")
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs)


@pytest.fixture
def quiet_programme():
    """A programme whose matches raise only the no-contact alert in their first months: one
    meeting a month is enough, and no check-in is due for half a year."""
    return ProgrammeFactory(meetings_per_month=1, checkins_first_month=0, checkin_interval_days=180)


@pytest.fixture
def coordinator(quiet_programme):
    return coordinator_of(quiet_programme)


@pytest.fixture
def match(quiet_programme, coordinator):
    return active_match(programme=quiet_programme, coordinator=coordinator, started_on=START)


class TestNoContact:
    def test_day_14_no_alert_day_15_one_day_16_no_second(self, match):
        assert services.alerts_scan(today=START + days(14)) == 0
        assert alerts() == []
        assert services.alerts_scan(today=START + days(15)) == 1
        (alert,) = alerts()
        assert (alert.kind, alert.match_id, alert.mentor_id) == (
            Alert.Kind.NO_CONTACT,
            match.pk,
            None,
        )
        assert alert.programme_id == match.programme_id
        assert alert.detected_on == START + days(15)
        assert alert.notified_at is None
        assert services.alerts_scan(today=START + days(16)) == 0
        assert services.alerts_scan(today=START + days(15)) == 0
        assert len(alerts()) == 1

    def test_a_new_lapse_after_a_new_session_alerts_again(self, match):
        services.alerts_scan(today=START + days(15))
        log_session(match, on=START + days(16))
        assert services.alerts_scan(today=START + days(16)) == 0
        assert services.alerts_scan(today=START + days(30)) == 0  # 14 days after the session
        assert services.alerts_scan(today=START + days(31)) == 1  # 15 days after it
        assert services.alerts_scan(today=START + days(32)) == 0
        first, second = alerts(Alert.Kind.NO_CONTACT)
        assert first.key != second.key
        assert second.detected_on == START + days(31)

    def test_a_closed_match_raises_no_alert(self, match, coordinator):
        close(match, coordinator, on=START + days(5), today=START + days(5))
        assert services.alerts_scan(today=START + days(40)) == 0

    def test_each_match_alerts_on_its_own(self, quiet_programme, coordinator, match):
        later = active_match(
            programme=quiet_programme, coordinator=coordinator, started_on=START + days(3)
        )
        assert services.alerts_scan(today=START + days(15)) == 1
        assert services.alerts_scan(today=START + days(18)) == 1
        assert {a.match_id for a in alerts()} == {match.pk, later.pk}


def test_too_few_meetings_alerts_once():
    programme = ProgrammeFactory(checkins_first_month=0, checkin_interval_days=180)
    coordinator = coordinator_of(programme)
    match = active_match(programme=programme, coordinator=coordinator, started_on=START)
    log_session(match, on=START + days(25))
    services.alerts_scan(today=START + days(29))
    assert alerts(Alert.Kind.FEW_MEETINGS) == []
    services.alerts_scan(today=START + days(30))
    services.alerts_scan(today=START + days(31))
    (alert,) = alerts(Alert.Kind.FEW_MEETINGS)
    assert alert.detected_on == START + days(30)


def test_too_few_meetings_alerts_once_per_lapse_however_many_meetings_during_it():
    """Meetings logged during a lapse that do not end it (still fewer than the month needs)
    raise no new alert; a new lapse after it ended does."""
    programme = ProgrammeFactory(meetings_per_month=3, checkins_first_month=0)
    coordinator = coordinator_of(programme)
    match = active_match(programme=programme, coordinator=coordinator, started_on=START)
    log_session(match, on=START + days(25))
    services.alerts_scan(today=START + days(30))  # 1 meeting in 30 days: the lapse starts
    log_session(match, on=START + days(32))
    services.alerts_scan(today=START + days(33))  # 2: still the same lapse
    assert len(alerts(Alert.Kind.FEW_MEETINGS)) == 1
    log_session(match, on=START + days(34))
    services.alerts_scan(today=START + days(40))  # 3: the lapse is over
    services.alerts_scan(today=START + days(54))
    assert len(alerts(Alert.Kind.FEW_MEETINGS)) == 1
    services.alerts_scan(today=START + days(55))  # day 25's meeting left the window
    services.alerts_scan(today=START + days(56))
    first, second = alerts(Alert.Kind.FEW_MEETINGS)
    assert (first.detected_on, second.detected_on) == (START + days(30), START + days(55))


def test_an_overdue_check_in_alerts_once_per_due_date():
    programme = ProgrammeFactory(meetings_per_month=1)
    coordinator = coordinator_of(programme)
    match = active_match(programme=programme, coordinator=coordinator, started_on=START)
    log_session(match, on=START + days(10))
    services.alerts_scan(today=START + days(15))
    assert alerts(Alert.Kind.CHECKIN_OVERDUE) == []
    services.alerts_scan(today=START + days(16))
    services.alerts_scan(today=START + days(17))
    assert sorted(a.key.split(":", 1)[1] for a in alerts(Alert.Kind.CHECKIN_OVERDUE)) == [
        f"child:{START + days(15)}",
        f"mentor:{START + days(15)}",
    ]
    check_in(match, coordinator, on=START + days(17), today=START + days(17))
    check_in(
        match,
        coordinator,
        on=START + days(17),
        side=CheckIn.With.CHILD_SIDE,
        today=START + days(17),
    )
    services.alerts_scan(today=START + days(30))
    assert len(alerts(Alert.Kind.CHECKIN_OVERDUE)) == 2
    services.alerts_scan(today=START + days(31))
    assert len(alerts(Alert.Kind.CHECKIN_OVERDUE)) == 4


class TestExpiringDocument:
    def test_an_expiring_certificate_alerts_once(self, quiet_programme):
        mentor = screen(
            MentorFactory(programme=quiet_programme),
            steps=[Step.INTERVIEW, Step.REFERENCES],
        )
        check = ScreeningCheck.objects.create(
            mentor=mentor,
            step=Step.POLICE_RECORD,
            outcome=ScreeningCheck.Outcome.PASSED,
            done_on=TODAY - days(330),
            expires_on=TODAY + days(31),
        )
        assert services.alerts_scan(today=TODAY) == 0  # 31 days ahead: not yet
        assert services.alerts_scan(today=TODAY + DAY) == 1  # 30 days ahead
        (alert,) = alerts()
        assert (alert.kind, alert.mentor_id, alert.match_id) == (
            Alert.Kind.DOCUMENT_EXPIRING,
            mentor.pk,
            None,
        )
        assert str(check.pk) in alert.key
        assert services.alerts_scan(today=TODAY + days(2)) == 0
        assert services.alerts_scan(today=TODAY + days(40)) == 0  # expired now: still the same
        # A renewed certificate replaces it: nothing more to warn of.
        ScreeningCheck.objects.create(
            mentor=mentor,
            step=Step.POLICE_RECORD,
            outcome=ScreeningCheck.Outcome.PASSED,
            done_on=TODAY,
            expires_on=TODAY + days(365),
        )
        assert services.alerts_scan(today=TODAY + days(40)) == 0
        assert len(alerts()) == 1

    def test_a_declined_mentors_certificate_raises_none(self, quiet_programme):
        mentor = screen(MentorFactory(programme=quiet_programme), expires_on=TODAY + days(3))
        coordinator = coordinator_of(quiet_programme)
        services.mentor_decline(mentor_id=mentor.pk, actor=coordinator, reason="Нет")
        assert services.alerts_scan(today=TODAY) == 0


class TestSend:
    @pytest.fixture
    def coordinators(self, quiet_programme, coordinator):
        coordinator.preferred_language = "kk"
        coordinator.save()
        return [coordinator, coordinator_of(quiet_programme, preferred_language="en")]

    def test_coordinators_get_the_new_alerts_once(
        self, quiet_programme, coordinators, match, mailoutbox
    ):
        outsider = coordinator_of(ProgrammeFactory())
        UserFactory(is_superuser=True)
        assert services.alerts_send(today=START + days(15)) == 1
        assert sorted(m.to[0] for m in mailoutbox) == sorted(c.email for c in coordinators)
        assert outsider.email not in {m.to[0] for m in mailoutbox}
        assert match.mentor.user.email not in {m.to[0] for m in mailoutbox}
        assert Alert.objects.get().notified_at is not None
        # Each in their language, naming the match (never the child).
        by_person = {m.to[0]: m for m in mailoutbox}
        kk, en = (by_person[c.email] for c in coordinators)
        assert kk.body.startswith("Сәлеметсіз бе") and en.body.startswith("Hello")
        for message in mailoutbox:
            assert re.search(rf"[#№]\s*{match.pk}\b", message.body), message.body
            assert quiet_programme.title in message.subject
        assert services.alerts_send(today=START + days(15)) == 0
        assert services.alerts_send(today=START + days(16)) == 0
        assert len(mailoutbox) == 2

    def test_the_email_holds_no_data_of_the_child(self, match, coordinators, mailoutbox):
        mentee = match.mentee
        services.alerts_send(today=START + days(15))
        assert mailoutbox
        for message in mailoutbox:
            text = message.subject + message.body
            assert mentee.code not in text
            assert mentee.interests not in text
            assert mentee.institution.name not in text
            assert mentee.get_age_band_display() not in text

    def test_a_new_lapse_is_sent_the_next_time(self, match, coordinators, mailoutbox):
        services.alerts_send(today=START + days(15))
        log_session(match, on=START + days(16))
        assert services.alerts_send(today=START + days(31)) == 1
        assert len(mailoutbox) == 4

    def test_one_email_per_coordinator_for_many_alerts(
        self, quiet_programme, coordinator, coordinators, match, mailoutbox
    ):
        active_match(programme=quiet_programme, coordinator=coordinator, started_on=START)
        assert services.alerts_send(today=START + days(15)) == 2
        assert len(mailoutbox) == 2

    def test_the_task_sends_today(self, quiet_programme, coordinator, coordinators, mailoutbox):
        """The task scans the real today (20 days after the start: no contact)."""
        active_match(
            programme=quiet_programme, coordinator=coordinator, started_on=TODAY - days(20)
        )
        assert tasks.send_alerts.apply().get() >= 1
        assert len(mailoutbox) == 2
        assert tasks.send_alerts.apply().get() == 0
        assert len(mailoutbox) == 2


def test_the_beat_schedule_runs_the_job_daily():
    entry = celery_app.conf.beat_schedule["mentorship.alerts"]
    assert entry["task"] == "mentorship.tasks.send_alerts"
    assert entry["task"] in celery_app.tasks
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
    assert schedule.day_of_week == set(range(7)) and len(schedule.day_of_month) == 31
