"""What the core and other apps may know of mentorship (``mentorship.api``): a programme's
public facts and counts of matches, never a child's record."""

import dataclasses

import pytest

from mentorship import api, services
from mentorship.data import MatchCounts, ProgrammeData
from tests.mentorship.factories import (
    TODAY,
    MenteeFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
    ready_mentor,
)
from tests.mentorship.rules_helpers import (
    close,
    days,
    fast_passwords,  # noqa: F401 (autouse)
    log_session,
    propose,
)

pytestmark = pytest.mark.django_db


def test_get_programme():
    programme = ProgrammeFactory(title="Старший друг", is_open=False)
    data = api.get_programme(programme.pk)
    assert data == ProgrammeData(
        id=programme.pk,
        title="Старший друг",
        organisation_id=programme.organisation_id,
        is_open=False,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.title = "x"
    assert api.get_programme(programme.pk + 1000) is None


def _concern(match, *, closed_by=None):
    concern = services.concern_raise(
        match_id=match.pk, actor=match.mentor.user, category="other", text="Вопрос"
    )
    if closed_by:
        services.concern_close(concern_id=concern.pk, actor=closed_by, resolution="Решено")
    return concern


@pytest.fixture
def programmes():
    """Programme A: a healthy young match, one at risk (no contact for 40 days), a proposed
    one and a closed one; an open and a closed concern. Programme B: one match at risk and an
    open concern."""
    a, b = ProgrammeFactory(), ProgrammeFactory()
    coordinator_a = coordinator_of(a)
    healthy = active_match(programme=a, coordinator=coordinator_a, started_on=TODAY - days(10))
    log_session(healthy, on=TODAY - days(2))
    at_risk = active_match(programme=a, coordinator=coordinator_a, started_on=TODAY - days(40))
    propose(a, coordinator_a, ready_mentor(a), MenteeFactory(programme=a))
    closed = active_match(programme=a, coordinator=coordinator_a, started_on=TODAY - days(50))
    _concern(at_risk)
    _concern(healthy, closed_by=coordinator_a)
    _concern(closed)  # open, on a match closed since
    close(closed, coordinator_a)
    risky_b = active_match(programme=b, started_on=TODAY - days(20))
    _concern(risky_b)
    return a, b


def test_match_counts_of_one_programme(programmes):
    a, _b = programmes
    assert api.match_counts(programme_ids=[a.pk], today=TODAY) == MatchCounts(
        active=2, at_risk=1, open_concerns=2
    )


def test_match_counts_of_all_and_of_none(programmes):
    a, b = programmes
    assert api.match_counts(today=TODAY) == MatchCounts(active=3, at_risk=2, open_concerns=3)
    assert api.match_counts(programme_ids={a.pk, b.pk}, today=TODAY) == api.match_counts(
        today=TODAY
    )
    assert api.match_counts(programme_ids=[], today=TODAY) == MatchCounts(0, 0, 0)


def test_match_counts_on_another_day(programmes):
    a, _b = programmes
    # Eleven days earlier the old match had gone 29 days without contact (at risk) and
    # the young one had not started.
    earlier = api.match_counts(programme_ids=[a.pk], today=TODAY - days(11))
    assert (earlier.active, earlier.at_risk) == (2, 1)
    # A fortnight on, the young match has had no contact for 16 days: both at risk.
    later = api.match_counts(programme_ids=[a.pk], today=TODAY + days(14))
    assert (later.active, later.at_risk) == (2, 2)


def test_match_counts_carry_no_record():
    assert {field.name for field in dataclasses.fields(MatchCounts)} == {
        "active",
        "at_risk",
        "open_concerns",
    }
    assert set(api.__all__) == {"MatchCounts", "ProgrammeData", "get_programme", "match_counts"}
