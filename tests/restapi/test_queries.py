"""The list endpoints take the same number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Enrolment
from lms.hours.models import HoursEntry
from tests.courses import builders
from tests.factories import UserFactory
from tests.restapi.conftest import client_for

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (site, locales)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(world, site_tree, n: int) -> None:
    """``n`` more courses, enrolments in Astana (one of them done) and confirmed hours."""
    for _ in range(n):
        course = builders.course(site_tree.home["ru"], lessons=1)
        course.audiences.add(world.audience)
        learner = UserFactory(region=world.astana)
        for person in (learner, world.learner):
            Enrolment.objects.create(user=person, course=course, source="self")
        Enrolment.objects.create(
            user=UserFactory(region=world.astana),
            course=course,
            source="self",
            completed_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )
        HoursEntry.objects.create(
            user=learner,
            organisation=world.hours_astana.organisation,
            date=dt.date(2026, 6, 1),
            minutes=45,
            description="Смена",
            status="confirmed",
        )
        HoursEntry.objects.create(
            user=world.learner, date=dt.date(2026, 6, 1), minutes=45, description="Смена"
        )


URLS = [
    ("anonymous", "/api/v1/courses/"),
    ("learner", "/api/v1/me/enrolments/"),
    ("learner", "/api/v1/me/hours/"),
    ("regional", "/api/v1/region/enrolments/"),
    ("regional", "/api/v1/region/completions/"),
    ("regional", "/api/v1/region/hours/"),
]


def counts(world) -> dict[str, int]:
    found = {}
    for who, url in URLS:
        client = client_for(None if who == "anonymous" else getattr(world, who), token=True)
        found[url] = queries(client, url)
    return found


def test_list_endpoints_take_a_fixed_number_of_queries(world, site_tree):
    grow(world, site_tree, 2)
    small = counts(world)
    grow(world, site_tree, 8)
    large = counts(world)
    assert large == small
    assert max(small.values()) <= 10, small
