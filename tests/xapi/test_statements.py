"""Statements conform to xAPI 1.0.3's required parts; recording never hurts the learner."""

import uuid
from datetime import UTC, datetime

import pytest
from django.db import transaction

from courses import services
from courses.models import Enrolment
from lms.xapi import api
from lms.xapi.models import Statement
from tests.courses import builders
from tests.factories import UserFactory
from tests.xapi.lrs import problems


def _statement(**extra):
    return api.build(
        actor_user_id=42,
        verb="answered",
        object_type="quiz",
        object_id="7/abc",
        object_name="Урок 1",
        **extra,
    )


def test_a_built_statement_has_every_required_part(settings):
    settings.SITE_URL = "https://vektor.example.org"
    statement = _statement(
        result={"score": api.score(raw=80), "success": True, "completion": True},
        context=api.parent("lesson", 7),
        timestamp=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    )
    assert problems(statement) == []
    assert uuid.UUID(statement["id"]).version == 4
    assert statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "https://vektor.example.org", "name": "42"},
    }
    assert statement["verb"] == {
        "id": "http://adlnet.gov/expapi/verbs/answered",
        "display": {"en-US": "answered"},
    }
    assert statement["object"]["id"] == "https://vektor.example.org/xapi/activities/quiz/7/abc"
    assert statement["object"]["definition"]["type"] == (
        "http://adlnet.gov/expapi/activities/assessment"
    )
    assert statement["result"]["score"] == {"scaled": 0.8, "raw": 80, "min": 0, "max": 100}
    assert statement["timestamp"] == "2026-03-01T09:30:00Z"
    assert statement["version"] == "1.0.3"
    assert statement["context"]["platform"] == settings.XAPI_PLATFORM
    assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith("/lesson/7")


def test_every_verb_and_activity_type_makes_a_valid_statement():
    for verb in api.VERBS:
        for object_type in api.ACTIVITY_TYPES:
            statement = api.build(actor_user_id=1, verb=verb, object_type=object_type, object_id=1)
            assert problems(statement) == [], (verb, object_type)


@pytest.mark.parametrize(
    "broken",
    [
        lambda s: s.pop("actor"),
        lambda s: s["verb"].pop("id"),
        lambda s: s["object"].pop("id"),
        lambda s: s.update(id="not-a-uuid"),
        lambda s: s.update(timestamp="yesterday"),
        lambda s: s.update(actor={"objectType": "Agent", "mbox": "someone@example.org"}),
        lambda s: s.pop("version"),
    ],
)
def test_the_schema_catches_a_missing_or_malformed_part(broken):
    statement = _statement()
    broken(statement)
    assert problems(statement)


def test_no_email_or_name_leaves_the_platform():
    statement = _statement()
    assert "mbox" not in statement["actor"]
    assert set(statement["actor"]["account"]) == {"homePage", "name"}


@pytest.mark.django_db
def test_nothing_is_recorded_when_no_lrs_is_configured(settings, site_tree):
    settings.XAPI_LRS_ENDPOINT = ""
    course = builders.course(site_tree.home["ru"], lessons=1)
    services.enrolment_create(user=UserFactory(), course=course)
    assert api.record(actor_user_id=1, verb="passed", object_type="quiz", object_id=1) is None
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_enrolment_succeeds_when_the_statement_cannot_be_built(lrs, site_tree, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "build", broken)
    course = builders.course(site_tree.home["ru"], lessons=1)
    user = UserFactory()
    services.enrolment_create(user=user, course=course)
    assert Enrolment.objects.filter(user=user, course=course).exists()
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_a_database_error_storing_the_statement_leaves_the_event_intact(
    lrs, site_tree, monkeypatch
):
    # The same statement id twice: the second insert fails in the database. The savepoint
    # keeps the learner's transaction usable (on PostgreSQL a failed statement would abort it).
    fixed = uuid.uuid4()
    monkeypatch.setattr(api.uuid, "uuid4", lambda: fixed)
    course = builders.course(site_tree.home["ru"], lessons=1)
    first, second = UserFactory(), UserFactory()
    with transaction.atomic():
        services.enrolment_create(user=first, course=course)
        services.enrolment_create(user=second, course=course)
        assert Enrolment.objects.filter(course=course).count() == 2
    assert Enrolment.objects.filter(course=course).count() == 2
    assert Statement.objects.count() == 1


@pytest.mark.django_db
def test_the_learner_enrols_through_the_site_while_recording_fails(
    client, lrs, site_tree, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "build", broken)
    course = builders.course(site_tree.home["ru"], lessons=1)
    user = UserFactory()
    client.force_login(user)
    response = client.post(f"/learning/enrol/{course.pk}/")
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=user, course=course).exists()
    assert not Statement.objects.exists()
