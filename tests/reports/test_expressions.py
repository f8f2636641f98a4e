"""The median and day-difference expressions give the same answers on SQLite and on
PostgreSQL (CI runs this file on both), with and without a filter."""

import datetime as dt
import statistics

import pytest
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Enrolment
from lms.reports.api import DaysBetween, Median
from tests.factories import UserFactory
from tests.reports.helpers import at

pytestmark = pytest.mark.django_db


def test_median_of_days_with_and_without_a_filter(world):
    qs = Enrolment.objects.filter(course=world.course)
    result = qs.aggregate(
        all=Median(DaysBetween("completed_at", "enrolled_at")),
        kz=Median(DaysBetween("completed_at", "enrolled_at"), filter=Q(user__region__country="KZ")),
        none=Median(DaysBetween("completed_at", "enrolled_at"), filter=Q(pk__lt=0)),
    )
    # completed after 28, 59, 10 and 20 days (Karelia: 20)
    assert result["all"] == pytest.approx(24.0)
    assert result["kz"] == pytest.approx(28.0)
    assert result["none"] is None


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.integers(min_value=0, max_value=400 * 24), min_size=1, max_size=9))
def test_the_median_matches_pythons(world, hours):
    Enrolment.objects.all().delete()  # each example starts empty; the course stays
    course = world.course
    start = at("2026-01-01", 0)
    for spent in hours:
        Enrolment.objects.create(
            user=UserFactory(),
            course=course,
            source="self",
            enrolled_at=start,
            completed_at=start + dt.timedelta(hours=spent),
        )
    found = Enrolment.objects.aggregate(m=Median(DaysBetween("completed_at", "enrolled_at")))["m"]
    assert found == pytest.approx(statistics.median(h / 24 for h in hours), abs=1e-6)
