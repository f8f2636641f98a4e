"""Delivery to the LRS: nothing is lost while it is down, and resending is idempotent."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone

from lms.celery import backoff
from lms.xapi import api, tasks
from lms.xapi.models import Statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _record(callbacks) -> Statement:
    with callbacks(execute=True):
        statement_id = api.record(
            actor_user_id=7,
            verb="passed",
            object_type="quiz",
            object_id="3/q1",
            result={"score": api.score(raw=90), "success": True},
        )
    return Statement.objects.get(pk=statement_id)


def _age(minutes: int) -> None:
    """Make every statement (and its last attempt) ``minutes`` old."""
    past = timezone.now() - timedelta(minutes=minutes)
    Statement.objects.update(created_at=past)
    Statement.objects.exclude(last_attempt_at=None).update(last_attempt_at=past)


def test_lrs_down_then_back_delivers_what_waited(lrs, django_capture_on_commit_callbacks):
    lrs.stop()  # connections are refused
    statement = _record(django_capture_on_commit_callbacks)  # the eager task tried once
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING and statement.sent_at is None
    assert statement.attempts == 1 and "Error" in statement.last_error

    # On a worker the task asks Celery to retry it later, with backoff.
    with pytest.raises(Retry):
        tasks.deliver(str(statement.pk))
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PENDING and statement.attempts == 2

    # The periodic resend leaves it alone while a retry may still be on its way ...
    assert tasks.resend_unsent() == 0
    lrs.start()
    _age(20)
    # ... and once the retries are over it sends it again: now the LRS is back.
    assert tasks.resend_unsent() == 1
    statement.refresh_from_db()
    assert statement.status == Statement.Status.SENT and statement.sent_at is not None
    assert statement.last_error == ""
    assert lrs.statements == {str(statement.pk): statement.statement}


def test_a_failing_lrs_is_retried_like_one_that_is_down(lrs, django_capture_on_commit_callbacks):
    lrs.status = 503
    statement = _record(django_capture_on_commit_callbacks)
    with pytest.raises(Retry):
        tasks.deliver(str(statement.pk))
    statement.refresh_from_db()
    assert (statement.status, statement.attempts, statement.last_error) == (
        Statement.Status.PENDING,
        2,
        "HTTP 503",
    )
    lrs.status = None
    assert tasks.deliver(str(statement.pk)) == "sent"
    assert str(statement.pk) in lrs.statements


def test_a_statement_the_lrs_already_has_counts_as_sent(lrs, django_capture_on_commit_callbacks):
    lrs.stop()
    statement = _record(django_capture_on_commit_callbacks)
    lrs.start()
    lrs.statements[str(statement.pk)] = statement.statement  # it arrived, the answer did not
    assert tasks.deliver(str(statement.pk)) == "sent"  # the LRS answered 409
    statement.refresh_from_db()
    assert statement.status == Statement.Status.SENT
    assert len(lrs.statements) == 1


def test_resending_is_idempotent(lrs, django_capture_on_commit_callbacks):
    statement = _record(django_capture_on_commit_callbacks)
    assert len(lrs.statements) == 1
    # A lost acknowledgement: the outbox still thinks the statement is waiting.
    Statement.objects.update(status=Statement.Status.PENDING, sent_at=None)
    _age(20)
    assert tasks.resend_unsent() == 1
    assert [r for r in lrs.requests if r[1] == str(statement.pk)] == [
        ("PUT", str(statement.pk)),
        ("PUT", str(statement.pk)),
    ]
    assert list(lrs.statements) == [str(statement.pk)]
    assert Statement.objects.get().status == Statement.Status.SENT
    # A sent statement is never sent again.
    assert tasks.deliver(str(statement.pk)) == "skipped"
    assert tasks.resend_unsent() == 0


def test_a_refused_statement_is_marked_and_not_retried(lrs, django_capture_on_commit_callbacks):
    lrs.status = 403
    statement = _record(django_capture_on_commit_callbacks)
    statement.refresh_from_db()
    assert statement.status == Statement.Status.REJECTED
    assert statement.last_error == "HTTP 403" and statement.attempts == 1
    assert tasks.deliver(str(statement.pk)) == "skipped"  # no Retry raised
    _age(60)
    assert tasks.resend_unsent() == 0
    assert len(lrs.requests) == 1


def test_an_invalid_statement_is_refused_by_the_lrs(lrs):
    statement = Statement.objects.create(
        verb="passed", statement={"actor": {"mbox": "x"}, "verb": {}, "object": {}}
    )
    assert tasks.deliver(str(statement.pk)) == "rejected"
    assert lrs.rejected and not lrs.statements


def test_fresh_statements_wait_for_their_own_task(lrs):
    Statement.objects.create(verb="passed", statement={})
    assert tasks.resend_unsent() == 0


def test_retries_back_off_up_to_ten_minutes():
    assert [backoff(n) for n in range(7)] == [30, 60, 120, 240, 480, 600, 600]
    assert tasks.deliver.max_retries == 10


def test_administrators_see_statements_read_only(client, lrs, django_capture_on_commit_callbacks):
    statement = _record(django_capture_on_commit_callbacks)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("wagtailsnippets_xapi_statement:list"))
    assert listing.status_code == 200
    assert "passed" in listing.content.decode()
    inspect = reverse("wagtailsnippets_xapi_statement:inspect", args=[statement.pk])
    assert client.get(inspect).status_code == 200
    assert client.get(reverse("wagtailsnippets_xapi_statement:add")).status_code in (302, 403)
    edit = reverse("wagtailsnippets_xapi_statement:edit", args=[statement.pk])
    assert client.get(edit).status_code in (302, 403)
