"""Helpers of the social-credit service tests: a programme ready for applications, and a check
that a refusal carries its code and a message and changes nothing."""

import pytest
from django.core import mail
from django.test import TestCase

from lms.hours.models import HoursEntry
from lms.socialcredit.models import Participation, Placement
from tests.factories import OrganisationFactory
from tests.socialcredit.factories import ProgrammeFactory, UniversityFactory


def open_programme(**fields):
    """A programme (``fields`` for the factory) with one host and one university taking part."""
    programme = ProgrammeFactory(**fields)
    host, university = OrganisationFactory(), UniversityFactory()
    programme.hosts.add(host)
    programme.universities.add(university)
    programme.save()  # ParentalManyToMany lists reach the database on save
    return programme, host, university


def add_to_programme(programme, *, hosts=(), universities=()):
    for host in hosts:
        programme.hosts.add(host)
    for university in universities:
        programme.universities.add(university)
    programme.save()


def state() -> tuple:
    """Every row social credit and the ledger keep, to compare before and after a refusal."""
    return (
        list(Participation.objects.order_by("pk").values()),
        list(Placement.objects.order_by("pk").values()),
        list(HoursEntry.objects.order_by("pk").values()),
    )


def refused(error_class: type[Exception], code: str, call, **kwargs) -> Exception:
    """``call(**kwargs)`` raises ``error_class`` with ``code`` and a message, leaves every row as
    it was, queues nothing to run after commit and sends no e-mail."""
    before, sent = state(), len(mail.outbox)
    with (
        TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
        pytest.raises(error_class) as caught,
    ):
        call(**kwargs)
    assert caught.value.code == code, caught.value.message
    assert str(caught.value.message).strip()
    assert callbacks == []
    assert state() == before
    assert len(mail.outbox) == sent
    return caught.value
