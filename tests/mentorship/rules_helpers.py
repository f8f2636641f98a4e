"""Helpers for the tests of mentorship's rules (services, selectors, api).

Built on ``tests.mentorship.factories``: the people around a programme, a real training course
with a completed enrolment, and short calls of the services with sensible defaults.
"""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from courses.models import Enrolment
from lms.accounts.models import Membership
from mentorship import services
from mentorship.models import CheckIn, Match
from tests.courses import builders
from tests.factories import MembershipFactory, UserFactory
from tests.mentorship.factories import (
    TODAY,
    MenteeFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
    ready_mentor,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """These tests make many people and sign none of them in: hash their passwords fast.
    (Autouse in every test module that imports it.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def admin():
    return UserFactory(is_superuser=True, is_staff=True)


def volunteer_coordinator_of(programme):
    """A volunteer coordinator (not a programme coordinator) of the programme's organisation."""
    return MembershipFactory(
        organisation=programme.organisation, role=Membership.Role.COORDINATOR
    ).user


def training_course(site_tree, **fields):
    """A real, published course page (a programme's training course)."""
    return builders.course(site_tree.home["ru"], lessons=1, **fields)


def enrol(user, course, *, completed_on: datetime.date | None = None) -> Enrolment:
    """An enrolment of the person on the course, completed on ``completed_on`` (or not)."""
    completed_at = (
        datetime.datetime.combine(completed_on, datetime.time(12), tzinfo=datetime.UTC)
        if completed_on
        else None
    )
    return Enrolment.objects.create(
        user=user, course=course, source=Enrolment.Source.SELF, completed_at=completed_at
    )


def propose(programme, coordinator, mentor, mentee=None, *, today=TODAY) -> Match:
    return services.match_propose(
        programme_id=programme.pk,
        actor=coordinator,
        mentor_id=mentor.pk,
        mentee_id=(mentee or MenteeFactory(programme=programme)).pk,
        today=today,
    )


def start(match, coordinator, *, on=TODAY, today=TODAY, consent_by="institution") -> Match:
    return services.match_start(
        match_id=match.pk,
        actor=coordinator,
        consent_by=consent_by,
        consent_on=on,
        started_on=on,
        today=today,
    )


def log_session(match, *, on, today=TODAY, actor=None, **fields):
    """The match's mentor logs a meeting on ``on`` (defaults: an hour in person, talking)."""
    values = {"minutes": 60, "mode": "in_person", "mood": 4, "activities": ["talk"]}
    values.update(fields)
    return services.session_log(
        match_id=match.pk, actor=actor or match.mentor.user, date=on, today=today, **values
    )


def check_in(match, coordinator, *, on, side=CheckIn.With.MENTOR, today=TODAY) -> CheckIn:
    return services.checkin_record(
        match_id=match.pk,
        actor=coordinator,
        date=on,
        with_whom=side,
        channel=CheckIn.Channel.PHONE,
        today=today,
    )


def close(match, coordinator, *, on=TODAY, today=TODAY) -> Match:
    return services.match_close(
        match_id=match.pk,
        actor=coordinator,
        closure=Match.Closure.EARLY,
        reason=Match.Reason.MENTOR_LEFT,
        exit_note="Наставник переехал",
        closed_on=on,
        today=today,
    )


@dataclass
class World:
    """A programme with an active match, and everyone around it."""

    programme: object
    coordinator: object
    match: Match
    mentor_user: object
    mentee: object
    other_mentor_user: object  # a mentor in another match of the same programme
    other_match: Match
    other_coordinator: object  # a coordinator of another organisation's programme
    volunteer_coordinator: object  # a coordinator role of the same organisation, not of it
    learner: object
    admin: object
    anonymous: object


def world(*, started_on: datetime.date | None = None) -> World:
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    started_on = started_on or TODAY - days(40)
    match = active_match(programme=programme, coordinator=coordinator, started_on=started_on)
    other_match = active_match(programme=programme, coordinator=coordinator, started_on=started_on)
    return World(
        programme=programme,
        coordinator=coordinator,
        match=match,
        mentor_user=match.mentor.user,
        mentee=match.mentee,
        other_mentor_user=other_match.mentor.user,
        other_match=other_match,
        other_coordinator=coordinator_of(ProgrammeFactory()),
        volunteer_coordinator=volunteer_coordinator_of(programme),
        learner=UserFactory(),
        admin=admin(),
        anonymous=AnonymousUser(),
    )


@contextmanager
def refused(code: str):
    """``with refused("forbidden"): ...`` — the call raises a MentorshipError of ``code``."""
    with pytest.raises(services.MentorshipError) as info:
        yield info
    assert info.value.code == code, f"refused with {info.value.code!r}, not {code!r}"


def capture_every_logger(caplog) -> None:
    """Make ``caplog`` hear every logger at DEBUG, the root and those that do not propagate
    (the levels are undone by caplog when the test ends; the handlers by
    :func:`release_every_logger`). Loggers made later inherit the root's DEBUG."""
    caplog.set_level(logging.DEBUG)
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if not isinstance(logger, logging.Logger):
            continue
        caplog.set_level(logging.DEBUG, logger=name)
        if not logger.propagate and caplog.handler not in logger.handlers:
            logger.addHandler(caplog.handler)


def release_every_logger(caplog) -> None:
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger) and caplog.handler in logger.handlers:
            logger.removeHandler(caplog.handler)


__all__ = [
    "DAY",
    "TODAY",
    "World",
    "active_match",
    "admin",
    "capture_every_logger",
    "check_in",
    "close",
    "coordinator_of",
    "days",
    "enrol",
    "fast_passwords",
    "log_session",
    "propose",
    "ready_mentor",
    "refused",
    "release_every_logger",
    "start",
    "training_course",
    "volunteer_coordinator_of",
    "world",
]
