"""The hours demo: the student's entries in every state, loaded once however often it runs."""

import pytest

from lms.accounts import demo as accounts_demo
from lms.accounts.models import User
from lms.demo import DemoContext
from lms.hours import demo, selectors
from lms.hours.models import HoursEntry

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return list(
        HoursEntry.objects.order_by("source_ref").values_list(
            "user__email",
            "organisation__name",
            "date",
            "minutes",
            "source_ref",
            "status",
            "rejection_reason",
            "decided_by__email",
        )
    )


def test_demo_hours_load_once():
    lines: list[str] = []
    ctx = DemoContext(log=lines.append)
    demo.load(ctx)  # before the accounts demo there is nobody to log hours for
    assert HoursEntry.objects.count() == 0
    accounts_demo.load(ctx)
    demo.load(ctx)
    first = _snapshot()
    demo.load(ctx)
    assert _snapshot() == first

    statuses = sorted(row[5] for row in first)
    assert statuses == ["confirmed"] * 4 + ["rejected", "submitted"]
    assert {row[0] for row in first} == {"student@vektor.local"}
    confirmers = {row[7] for row in first if row[5] == "confirmed"}
    assert confirmers == {"supervisor@vektor.local", "programme@vektor.local"}
    assert all(row[6] for row in first if row[5] == "rejected")
    # The supervisor finds the waiting entry on their page; the student has two years.
    supervisor = User.objects.get(email="supervisor@vektor.local")
    assert [e.status for e in selectors.waiting_for(actor=supervisor)] == ["submitted"]
    student = User.objects.get(email="student@vektor.local")
    assert len(selectors.totals(user=student).years) == 2
