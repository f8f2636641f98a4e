"""The dashboard's query count does not grow with the data."""

import datetime as dt

import pytest
from django.urls import reverse

from courses.models import Cohort, Enrolment, LessonProgress
from lms.hours.models import HoursEntry
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.reports.helpers import YEAR, at

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """``n`` more regions, each with an organisation, a cohort, learners, progress, hours."""
    lessons = list(world.course.get_descendants().specific())
    for i in range(n):
        region = RegionFactory()
        organisation = OrganisationFactory(region=region)
        cohort = Cohort.objects.create(
            course=world.course,
            title=f"Поток {i}",
            region=region,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
        )
        for j in range(3):
            learner = UserFactory(region=region)
            enrolment = Enrolment.objects.create(
                user=learner,
                course=world.course,
                cohort=cohort if j else None,
                source="self",
                enrolled_at=at(f"2026-0{1 + j}-1{j}"),
                completed_at=at(f"2026-0{4 + j}-0{1 + j}") if j < 2 else None,
            )
            for lesson in lessons:
                LessonProgress.objects.create(
                    enrolment=enrolment, lesson=lesson, completed_at=at("2026-03-03")
                )
            HoursEntry.objects.create(
                user=learner,
                organisation=organisation,
                date=dt.date(2026, 5, 1),
                minutes=90,
                description="Смена",
                source="practice",
                status="confirmed",
            )


@pytest.mark.parametrize("who", ["admin", "national"])
def test_the_dashboard_takes_the_same_queries_at_two_sizes(client, world, who):
    from tests.queries import queries_for

    client.force_login(getattr(world, who))
    url = reverse("reports:dashboard") + "?start={start}&end={end}".format(**YEAR)
    grow(world, 2)
    small = queries_for(client, url)
    grow(world, 12)
    large = queries_for(client, url)
    assert small == large
    board = client.get(url).context["board"]
    assert len(board.region_table.rows) >= (16 if who == "admin" else 2)


def test_the_exports_list_takes_the_same_queries_at_two_sizes(client, world):
    from lms.reports.models import ExportJob
    from tests.queries import queries_for

    def add(n: int) -> None:
        for _ in range(n):
            ExportJob.objects.create(
                requested_by=world.regional, kind="workbook", format="xlsx", language="ru"
            )

    client.force_login(world.regional)
    add(2)
    small = queries_for(client, reverse("reports:exports"))
    add(40)
    assert queries_for(client, reverse("reports:exports")) == small
