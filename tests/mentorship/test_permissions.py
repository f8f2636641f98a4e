"""The permission matrix: every mentorship page and action, for each role — anonymous, a
learner, another programme's coordinator, another mentor, the matched mentor, the programme's
coordinator, an administrator — gets exactly the access intended; a former mentor loses
access when the match closes."""

import datetime

import pytest
from django.urls import reverse

from mentorship import services
from mentorship.models import CheckIn, Concern, Match, MenteeAccess, Mentor, ScreeningCheck, Session
from tests.factories import UserFactory
from tests.mentorship.factories import (
    TODAY,
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "learner",
    "other_coordinator",
    "other_mentor",
    "mentor",
    "coordinator",
    "admin",
]
REFUSED = {403, 404}


@pytest.fixture
def world():
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    match = active_match(programme=programme, coordinator=coordinator)
    other_match = active_match(programme=programme, coordinator=coordinator)
    other_programme = ProgrammeFactory()
    services.session_log(
        match_id=match.pk,
        actor=match.mentor.user,
        date=TODAY - datetime.timedelta(days=2),
        minutes=60,
        mode="in_person",
        mood=4,
        activities=["talk"],
    )
    concern = services.concern_raise(
        match_id=match.pk, actor=match.mentor.user, category="health", text="Кашлял всю встречу"
    )
    people = {
        "anonymous": None,
        "learner": UserFactory(),
        "other_coordinator": coordinator_of(other_programme),
        "other_mentor": other_match.mentor.user,
        "mentor": match.mentor.user,
        "coordinator": coordinator,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    return {
        "programme": programme,
        "match": match,
        "mentee": match.mentee,
        "mentor": match.mentor,
        "concern": concern,
        "people": people,
    }


def _client(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)
    return client


def _pages(w) -> dict[str, str]:
    p = w["programme"].pk
    return {
        "dashboard": reverse("mentorship:dashboard", args=[p]),
        "mentors": reverse("mentorship:mentors", args=[p]),
        "mentor": reverse("mentorship:mentor", args=[p, w["mentor"].pk]),
        "mentees": reverse("mentorship:mentees", args=[p]),
        "mentee_new": reverse("mentorship:mentee_new", args=[p]),
        "mentee_edit": reverse("mentorship:mentee_edit", args=[w["mentee"].pk]),
        "matches": reverse("mentorship:matches", args=[p]),
        "match_new": reverse("mentorship:match_new", args=[p]),
        "concerns": reverse("mentorship:concerns", args=[p]),
        "audit": reverse("mentorship:audit", args=[p]),
        "match": reverse("mentorship:match", args=[w["match"].pk]),
        "mentee": reverse("mentorship:mentee", args=[w["mentee"].pk]),
        "concern": reverse("mentorship:concern", args=[w["concern"].pk]),
        "session_new": reverse("mentorship:session_new", args=[w["match"].pk]),
        "concern_new": reverse("mentorship:concern_new", args=[w["match"].pk]),
        "index": reverse("mentorship:index"),
        "my_sessions": reverse("mentorship:my_sessions"),
    }


COORDINATORS = {"coordinator", "admin"}
EVERYONE_SIGNED_IN = set(ROLES) - {"anonymous"}
# Who may open each page; everyone else signed in is refused (403 or 404).
ALLOWED = {
    "dashboard": COORDINATORS,
    "mentors": COORDINATORS,
    "mentor": COORDINATORS,
    "mentees": COORDINATORS,
    "mentee_new": COORDINATORS,
    "mentee_edit": COORDINATORS,
    "matches": COORDINATORS,
    "match_new": COORDINATORS,
    "concerns": COORDINATORS,
    "audit": COORDINATORS,
    "match": COORDINATORS | {"mentor"},
    "mentee": COORDINATORS | {"mentor"},
    # The mentor who raised the concern reads it; only coordinators act on it.
    "concern": COORDINATORS | {"mentor"},
    "session_new": {"mentor"},
    "concern_new": {"mentor"},
    "index": EVERYONE_SIGNED_IN,
    "my_sessions": EVERYONE_SIGNED_IN,
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, world, role):
    person = world["people"][role]
    client = _client(client, person)
    code = world["mentee"].code
    for name, url in _pages(world).items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, name
            assert "/accounts/login/" in response["Location"], name
        elif role in ALLOWED[name]:
            assert response.status_code == 200, (name, role)
        else:
            assert response.status_code in REFUSED, (name, role, response.status_code)
            assert code not in response.content.decode(), (name, role)


def test_mentee_code_shown_only_to_those_who_may_see_it(client, world):
    code = world["mentee"].code
    for role in ("mentor", "coordinator", "admin"):
        response = _client(client, world["people"][role]).get(
            reverse("mentorship:mentee", args=[world["mentee"].pk])
        )
        assert code in response.content.decode(), role
    for role in ("learner", "other_coordinator", "other_mentor"):
        for name in ("index", "my_sessions"):
            response = _client(client, world["people"][role]).get(_pages(world)[name])
            assert code not in response.content.decode(), (role, name)


def _counts():
    return (
        Session.objects.count(),
        Concern.objects.count(),
        CheckIn.objects.count(),
        ScreeningCheck.objects.count(),
        Match.objects.count(),
        Match.objects.filter(status=Match.Status.ACTIVE).count(),
        Mentor.objects.filter(status=Mentor.Status.DECLINED).count(),
        Concern.objects.filter(status=Concern.Status.CLOSED).count(),
        MenteeAccess.objects.exclude(action="view").count(),
    )


def _actions(w) -> list[tuple[str, str, dict, set[str]]]:
    """(name, url, data, roles allowed) of every state-changing POST."""
    pages = _pages(w)
    day = (TODAY - datetime.timedelta(days=1)).isoformat()
    other_mentee = MenteeFactory(programme=w["programme"])
    candidate = MentorFactory(programme=w["programme"])
    return [
        (
            "checkin",
            pages["match"],
            {
                "action": "checkin",
                "checkin-date": day,
                "checkin-with_whom": "mentor",
                "checkin-channel": "phone",
                "date": day,
                "with_whom": "mentor",
                "channel": "phone",
            },
            COORDINATORS,
        ),
        (
            "close",
            pages["match"],
            {
                "action": "close",
                "close-closure": "early",
                "close-reason": "other",
                "close-exit_note": "x",
                "close-closed_on": day,
                "closure": "early",
                "reason": "other",
                "exit_note": "x",
                "closed_on": day,
            },
            COORDINATORS,
        ),
        (
            "screening",
            reverse("mentorship:mentor", args=[w["programme"].pk, candidate.pk]),
            {
                "action": "screening",
                "screening-step": "interview",
                "screening-outcome": "passed",
                "screening-done_on": day,
                "step": "interview",
                "outcome": "passed",
                "done_on": day,
            },
            COORDINATORS,
        ),
        (
            "decline",
            reverse("mentorship:mentor", args=[w["programme"].pk, candidate.pk]),
            {"action": "decline", "decline-reason": "Нет", "reason": "Нет"},
            COORDINATORS,
        ),
        (
            "mentee_new",
            pages["mentee_new"],
            {"age_band": "10-13", "institution": other_mentee.institution_id},
            COORDINATORS,
        ),
        (
            "concern_close",
            pages["concern"],
            {"action": "close", "resolution": "Поговорили", "close-resolution": "Поговорили"},
            COORDINATORS,
        ),
        (
            "session",
            pages["session_new"],
            {
                "date": day,
                "hours": "1",
                "minutes": "0",
                "mode": "online",
                "mood": "3",
                "activities": ["talk"],
            },
            {"mentor"},
        ),
        (
            "concern",
            pages["concern_new"],
            {"category": "health", "text": "Жалуется на боль"},
            {"mentor"},
        ),
    ]


@pytest.mark.parametrize(
    "role", ["anonymous", "learner", "other_coordinator", "other_mentor", "mentor", "coordinator"]
)
def test_refused_actions_change_nothing(client, world, role):
    client = _client(client, world["people"][role])
    for name, url, data, allowed in _actions(world):
        if role in allowed:
            continue
        before = _counts()
        response = client.post(url, data)
        if role == "anonymous":
            assert response.status_code == 302, name
            assert "/accounts/login/" in response["Location"], name
        else:
            assert response.status_code in REFUSED, (name, role, response.status_code)
        assert _counts() == before, (name, role)


def test_a_former_mentor_loses_access_when_the_match_closes(client, world):
    match, mentor = world["match"], world["people"]["mentor"]
    services.match_close(
        match_id=match.pk,
        actor=world["people"]["coordinator"],
        closure=Match.Closure.PLANNED,
        reason=Match.Reason.TERM_ENDED,
        exit_note="Год закончился",
        closed_on=TODAY,
    )
    client = _client(client, mentor)
    pages = _pages(world)
    for name in ("match", "mentee", "session_new", "concern_new"):
        response = client.get(pages[name])
        assert response.status_code in REFUSED, name
        assert world["mentee"].code not in response.content.decode(), name
    before = Session.objects.count()
    response = client.post(
        pages["session_new"],
        {
            "date": TODAY.isoformat(),
            "hours": "1",
            "minutes": "0",
            "mode": "online",
            "mood": "3",
            "activities": ["talk"],
        },
    )
    assert response.status_code in REFUSED
    assert Session.objects.count() == before
    # Their own log stays theirs, without the child.
    response = client.get(pages["my_sessions"])
    assert response.status_code == 200
    assert world["mentee"].code not in response.content.decode()
