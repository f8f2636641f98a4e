"""The supervisors' daily digest: what waits for each person who confirms hours, once a day of
theirs from 08:00 their time, in their language; nothing waiting, no e-mail."""

import datetime
import re
from smtplib import SMTPException

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from lms.accounts.models import Membership
from lms.celery import app
from lms.hours import selectors, services, tasks
from lms.hours.models import HoursEntry, SupervisorDigest
from lms.web import send_templated_mail
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.hours.factories import HoursEntryFactory, supervisor_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 08:30 in Moscow (UTC+3) on 24 November 2026.
MOSCOW_MORNING = datetime.datetime(2026, 11, 24, 5, 30, tzinfo=UTC)


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment of November 2026, in UTC."""
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _supervisor(organisation=None, *, role=Membership.Role.SUPERVISOR, **fields):
    fields = {"time_zone": "Europe/Moscow", "preferred_language": "ru", **fields}
    return supervisor_of(organisation or OrganisationFactory(), role, **fields)


def _waiting(organisation, **fields):
    return HoursEntryFactory(organisation=organisation, **fields)


def _figures(body: str, organisation: str, *, hours: str, date: str) -> list[str]:
    """The organisation's line, checked to give ``hours`` and ``date``; the other numbers
    on it (the count of entries), whatever the wording."""
    line = next(line for line in body.splitlines() if organisation in line)
    assert hours in line and date in line, line
    return re.findall(r"\d+", line.replace(hours, "").replace(date, ""))


def test_the_digest_lists_what_waits_at_each_organisation(mailoutbox):
    shelter = OrganisationFactory(name="Приют «Тёплый дом»")
    centre = OrganisationFactory(name="Центр «Жарқын»")
    supervisor = _supervisor(shelter, full_name="Ольга Иванова")
    MembershipFactory(user=supervisor, organisation=centre, role=Membership.Role.COORDINATOR)
    _waiting(shelter, minutes=90, date=datetime.date(2026, 11, 20))
    _waiting(shelter, minutes=60, date=datetime.date(2026, 11, 18))
    _waiting(centre, minutes=30, date=datetime.date(2026, 11, 22))
    # Not waiting for her: decided entries, her own, and those where she does not confirm.
    _waiting(shelter, minutes=600, status="confirmed")
    _waiting(shelter, minutes=600, status="rejected", rejection_reason="Не было смены")
    _waiting(shelter, minutes=600, user=supervisor, description="Моя смена")
    mentoring = OrganisationFactory(name="Фонд наставников")
    MembershipFactory(user=supervisor, organisation=mentoring, role=Membership.Role.MENTOR)
    _waiting(mentoring, minutes=600)
    _waiting(OrganisationFactory(name="Чужой центр"), minutes=600)

    assert services.hours_send_digests(now=MOSCOW_MORNING) == 1

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [supervisor.email]
    assert "3" in message.subject
    body = message.body
    assert "Здравствуйте, Ольга Иванова!" in body
    with translation.override("ru"):
        oldest_at_shelter = date_format(datetime.date(2026, 11, 18), "DATE_FORMAT")
        oldest_at_centre = date_format(datetime.date(2026, 11, 22), "DATE_FORMAT")
    assert _figures(body, "Тёплый дом", hours="2,5", date=oldest_at_shelter) == ["2"]
    assert _figures(body, "Жарқын", hours="0,5", date=oldest_at_centre) == ["1"]
    assert body.index("Приют") < body.index("Центр")  # by organisation name
    assert "«Тёплый дом»" in body  # plain text, not escaped
    assert "http://127.0.0.1:8000/hours/confirm/" in body
    assert "Фонд наставников" not in body and "Чужой центр" not in body
    assert "10,0" not in body and "11,0" not in body
    digest = SupervisorDigest.objects.get()
    assert (digest.user, digest.day, digest.entries, digest.minutes) == (
        supervisor,
        datetime.date(2026, 11, 24),
        3,
        180,
    )


@pytest.mark.parametrize(
    ("language", "greeting", "url", "hours"),
    [
        ("kk", "Сәлеметсіз бе", "http://127.0.0.1:8000/kk/hours/confirm/", "1,5"),
        ("en", "Hello", "http://127.0.0.1:8000/en/hours/confirm/", "1.5"),
    ],
)
def test_the_digest_is_in_the_persons_language(language, greeting, url, hours, mailoutbox):
    organisation = OrganisationFactory()
    person = _supervisor(organisation, preferred_language=language, full_name="Әсел Төлеген")
    _waiting(organisation, minutes=90, date=datetime.date(2026, 11, 19))
    with translation.override("ru"):
        assert services.hours_send_digests(now=MOSCOW_MORNING) == 1
    body = mailoutbox[0].body
    assert f"{greeting}, Әсел Төлеген!" in body
    assert url in body
    assert hours in body
    with translation.override(language):
        assert date_format(datetime.date(2026, 11, 19), "DATE_FORMAT") in body
    assert person.email in mailoutbox[0].to


@pytest.mark.parametrize(
    ("zone", "before", "after", "day"),
    [
        # Tokyo (UTC+9): 08:00 of 24 November is still 23 November in UTC.
        ("Asia/Tokyo", _at(23, 22, 59), _at(23, 23, 5), datetime.date(2026, 11, 24)),
        # New York (UTC−5 in November): 08:00 is 13:00 in UTC.
        ("America/New_York", _at(24, 12, 59), _at(24, 13, 5), datetime.date(2026, 11, 24)),
    ],
)
def test_the_digest_goes_from_eight_in_the_persons_time_zone(zone, before, after, day, mailoutbox):
    organisation = OrganisationFactory()
    person = _supervisor(organisation, time_zone=zone)
    _waiting(organisation)
    assert services.hours_send_digests(now=before) == 0
    assert mailoutbox == [] and not SupervisorDigest.objects.exists()
    assert services.hours_send_digests(now=after) == 1
    assert SupervisorDigest.objects.get(user=person).day == day


def test_without_a_zone_of_their_own_the_regions_zone_counts(mailoutbox):
    organisation = OrganisationFactory()
    person = _supervisor(organisation, time_zone="", region=RegionFactory(time_zone="Asia/Tokyo"))
    _waiting(organisation)
    # 07:30 in Moscow, but 13:30 in Tokyo.
    assert services.hours_send_digests(now=_at(24, 4, 30)) == 1
    assert SupervisorDigest.objects.get(user=person).day == datetime.date(2026, 11, 24)


def test_one_digest_a_day_however_often_the_task_runs(mailoutbox):
    organisation = OrganisationFactory()
    person = _supervisor(organisation)
    entry = _waiting(organisation)
    # 08:30, 09:30, 15:00 and 23:59 in Moscow on 24 November.
    for moment in (_at(24, 5, 30), _at(24, 6, 30), _at(24, 12), _at(24, 20, 59)):
        services.hours_send_digests(now=moment)
    assert len(mailoutbox) == 1
    # Called for the person directly, the day's claim still holds.
    assert services.hours_send_digest(user_id=person.pk, now=_at(24, 13)) is False
    assert len(mailoutbox) == 1
    # The next day: not before 08:00, then once more.
    assert services.hours_send_digests(now=_at(25, 4, 59)) == 0
    assert services.hours_send_digests(now=_at(25, 5, 1)) == 1
    assert services.hours_send_digests(now=_at(25, 9)) == 0
    assert len(mailoutbox) == 2
    assert sorted(SupervisorDigest.objects.values_list("day", flat=True)) == [
        datetime.date(2026, 11, 24),
        datetime.date(2026, 11, 25),
    ]
    # Once decided, nothing waits: no digest the day after.
    services.hours_confirm(entry_id=entry.pk, actor=supervisor_of(organisation))
    mailoutbox.clear()
    assert services.hours_send_digests(now=_at(26, 6)) == 0
    assert mailoutbox == []


def test_nobody_with_nothing_waiting_gets_mail(mailoutbox):
    organisation = OrganisationFactory()
    # Only her own hours wait; a supervisor does not confirm their own.
    alone = _supervisor(organisation)
    _waiting(organisation, user=alone)
    # Hours wait where this person is a mentor and a trainer, not one who confirms.
    programme = OrganisationFactory()
    mentor = _supervisor(programme, role=Membership.Role.MENTOR)
    MembershipFactory(user=mentor, organisation=programme, role=Membership.Role.TRAINER)
    _waiting(programme)
    # Everything at this organisation is decided.
    decided = OrganisationFactory()
    _supervisor(decided)
    _waiting(decided, status="confirmed")
    # A supervisor of an organisation where nothing was ever logged.
    _supervisor()
    # An administrator with no membership: they may confirm anywhere, but the digest is for
    # the people of the organisations.
    UserFactory(is_superuser=True, is_staff=True, time_zone="Europe/Moscow")

    assert list(selectors.digest_candidates()) == []
    assert services.hours_send_digests(now=MOSCOW_MORNING) == 0
    assert services.hours_send_digest(user_id=alone.pk, now=MOSCOW_MORNING) is False
    assert mailoutbox == [] and not SupervisorDigest.objects.exists()


def test_inactive_people_get_no_digest(mailoutbox):
    organisation = OrganisationFactory()
    _supervisor(organisation, is_active=False)
    _waiting(organisation)
    assert services.hours_send_digests(now=MOSCOW_MORNING) == 0
    assert mailoutbox == []


def test_a_failed_send_is_tried_again_and_the_others_still_get_theirs(monkeypatch, mailoutbox):
    organisation = OrganisationFactory()
    failing = _supervisor(organisation, email="broken@example.org")
    fine = _supervisor(organisation)
    _waiting(organisation)

    def send(**kwargs):
        if kwargs["to"] == "broken@example.org":
            raise SMTPException("421 try again later")
        send_templated_mail(**kwargs)

    monkeypatch.setattr(services, "send_templated_mail", send)
    assert services.hours_send_digests(now=MOSCOW_MORNING) == 1
    assert [message.to for message in mailoutbox] == [[fine.email]]
    assert list(SupervisorDigest.objects.values_list("user", flat=True)) == [fine.pk]
    # The mail server is back: the next hourly run sends the missing one, only that one.
    monkeypatch.setattr(services, "send_templated_mail", send_templated_mail)
    assert services.hours_send_digests(now=MOSCOW_MORNING + datetime.timedelta(hours=1)) == 1
    assert [message.to for message in mailoutbox] == [[fine.email], [failing.email]]


def _digest_queries(now) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert services.hours_send_digests(now=now) == 1
    return len(ctx.captured_queries)


def test_waiting_hours_are_counted_in_the_database(mailoutbox):
    organisation = OrganisationFactory()
    _supervisor(organisation)
    _waiting(organisation, minutes=60)
    few = _digest_queries(_at(24, 6))
    HoursEntryFactory.create_batch(30, organisation=organisation, minutes=60)
    many = _digest_queries(_at(25, 6))
    assert many == few
    assert "31" in mailoutbox[-1].subject and "31,0" in mailoutbox[-1].body


def test_beat_runs_the_digest_task_every_hour(monkeypatch, mailoutbox):
    schedule = app.conf.beat_schedule["hours.supervisor-digests"]
    assert schedule == {"task": "lms.hours.tasks.send_supervisor_digests", "schedule": 3600.0}
    assert schedule["task"] in app.tasks
    organisation = OrganisationFactory()
    _supervisor(organisation)
    _waiting(organisation)
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOSCOW_MORNING)
    assert tasks.send_supervisor_digests.apply().get() == 1
    assert tasks.send_supervisor_digests.apply().get() == 0
    assert len(mailoutbox) == 1


# --- At the same moment (PostgreSQL) ----------------------------------------------------


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
@pytest.mark.django_db(transaction=True)
def test_runs_at_the_same_moment_send_one_digest_each(pristine_db, mailoutbox):
    organisation = OrganisationFactory()
    people = [_supervisor(organisation) for _ in range(3)]
    _waiting(organisation)
    _waiting(organisation, user=people[0])  # waits for the other two
    sent: list[int] = []

    def run(_n):
        sent.append(services.hours_send_digests(now=MOSCOW_MORNING))

    assert run_together(run, [(n,) for n in range(4)]) == []
    assert sum(sent) == 3
    assert sorted(message.to[0] for message in mailoutbox) == sorted(p.email for p in people)
    assert SupervisorDigest.objects.count() == 3
    assert HoursEntry.objects.filter(status="submitted").count() == 2
