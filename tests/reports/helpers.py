"""A small world for the reports' tests: regions in two countries, front offices and their
programme coordinators, a course with enrolments placed in known regions and days."""

import datetime as dt
import zoneinfo

from courses.models import Cohort, Enrolment
from lms.accounts.models import Membership, Organisation
from tests.courses import builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=ALMATY)


def coordinator(region, *, kind=Organisation.Kind.FRONT_OFFICE, role="programme_coordinator"):
    office = OrganisationFactory(region=region, kind=kind)
    user = UserFactory(region=region, time_zone="Asia/Almaty")
    MembershipFactory(user=user, organisation=office, role=role)
    return user


class World:
    """Astana and Almaty in Kazakhstan, Karelia in Russia; one course; enrolments:
    - Astana: 3 (2 completed), Almaty: 2 (1 completed), Karelia: 1 (completed),
      one learner without a region: 1 (not completed). All enrolled in 2026."""

    def __init__(self, home) -> None:
        self.astana = RegionFactory(code="KZ-71", name_ru="Астана", name_en="Astana")
        self.almaty = RegionFactory(code="KZ-75", name_ru="Алматы", name_en="Almaty")
        self.karelia = RegionFactory(
            code="RU-KR",
            country="RU",
            name_ru="Карелия",
            name_en="Karelia",
            time_zone="Europe/Moscow",
        )
        self.course = builders.course(home, lessons=2)
        self.cohort_almaty = Cohort.objects.create(
            course=self.course,
            title="Поток Алматы",
            region=self.almaty,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
        )
        self.enrolments = []
        plan = [
            (self.astana, None, "2026-02-01", "2026-03-01"),
            (self.astana, None, "2026-02-10", "2026-04-10"),
            (self.astana, None, "2026-05-05", None),
            # an Astana learner in the Almaty cohort counts in Almaty
            (self.astana, self.cohort_almaty, "2026-03-01", "2026-03-11"),
            (self.almaty, None, "2026-06-01", None),
            (self.karelia, None, "2026-04-01", "2026-04-21"),
            (None, None, "2026-07-01", None),
        ]
        for region, cohort, enrolled, completed in plan:
            learner = UserFactory(region=region)
            self.enrolments.append(
                Enrolment.objects.create(
                    user=learner,
                    course=self.course,
                    cohort=cohort,
                    source="self",
                    enrolled_at=at(enrolled),
                    completed_at=at(completed) if completed else None,
                )
            )
        self.regional = coordinator(self.astana)
        self.national = coordinator(self.almaty, kind=Organisation.Kind.NATIONAL_OFFICE)
        self.russian = coordinator(self.karelia)
        self.learner = UserFactory(region=self.astana)
        self.volunteer_coordinator = coordinator(
            self.astana, kind=Organisation.Kind.NGO, role=Membership.Role.COORDINATOR
        )
        self.admin = UserFactory(is_superuser=True, is_staff=True)


YEAR = {"start": "2026-01-01", "end": "2026-11-24"}
