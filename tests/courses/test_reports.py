"""The courses app's part of the coordinators' reports: learning, webinars, the filter options.

Every figure, region value, line and table row is checked against a small world built by hand
(see :func:`build_world`); the numbers in the comments are worked out from it."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses import reports
from courses.models import (
    Attendance,
    Audience,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    Webinar,
)
from lms import extensions
from lms.accounts.models import Direction
from lms.reports.api import DAYS, PERCENT, ReportQuery, Section
from tests.courses import builders
from tests.courses.trainers import builders as trainer_builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.sitetree import build_site

pytestmark = pytest.mark.django_db

ZONE = zoneinfo.ZoneInfo("Asia/Almaty")  # UTC+5
MARCH = {"start": dt.date(2025, 3, 1), "end": dt.date(2025, 3, 31), "today": dt.date(2025, 4, 10)}


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment of 2025 in Astana's time."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=ZONE)


def march(**fields) -> ReportQuery:
    return ReportQuery(**{**MARCH, **fields})


def enrol(user, course, enrolled_at, completed_at=None, cohort=None) -> Enrolment:
    return Enrolment.objects.create(
        user=user,
        course=course,
        cohort=cohort,
        source=Enrolment.Source.SELF,
        enrolled_at=enrolled_at,
        completed_at=completed_at,
    )


def progress(enrolment: Enrolment, lesson: LessonPage, completed_at) -> None:
    LessonProgress.objects.create(enrolment=enrolment, lesson=lesson, completed_at=completed_at)


def webinar(trainer, course, starts_at, *, cohort=None, present=(), **fields) -> Webinar:
    held = trainer_builders.webinar(
        trainer_user=trainer, course=course, cohort=cohort, starts_at=starts_at, **fields
    )
    for person in present:
        Attendance.objects.create(
            webinar=held, user=person, minutes=60, source=Attendance.Source.ROSTER
        )
    return held


def cohort(course, region) -> Cohort:
    return Cohort.objects.create(
        course=course,
        title=f"{region.name_ru}: поток",
        region=region,
        starts_on=dt.date(2025, 2, 1),
        ends_on=dt.date(2025, 5, 31),
    )


def figures(section: Section) -> dict:
    return {figure.key: figure.value for figure in section.figures}


def columns(section: Section) -> dict:
    return {col.column.key: col.values for col in section.region_columns}


def totals(section: Section) -> dict:
    return {col.column.key: col.total for col in section.region_columns}


def series(section: Section, key: str) -> dict:
    (line,) = (line for line in section.series if line.key == key)
    return {day: value for day, value in line.values.items() if value}


def build_world(home) -> SimpleNamespace:
    """Three regions (A, B, C), a course with two lessons (c1, direction «social», for
    coordinators) and one with one lesson (c2, no direction, for volunteers), a cohort of c1
    in A and one in B; learners and webinars around March 2025 in Astana's time:

    ===  ======  ===========================  ======================  ======================
    who  region  enrolment                    completed               lessons done
    ===  ======  ===========================  ======================  ======================
    u1   A       c1 03-02 02:00 (UTC: 03-01)  03-06 08:00 (4.25 d)    L1 03-02, L2 03-06
    u2   B       c1 in A's cohort 03-03       03-13 (10 days)         L1 03-04
    u2   B       c2 02-15                     —                       L3 03-20
    u3   none    c1 03-05                     —                       L1 02-28,
                                                                      L2 03-31 23:30
    u4   B       c2 03-31 23:30               —                       L3 04-01 00:10
    u5   B       c2 04-01 00:10               —                       —
    u6   C       c1 02-20                     03-10 (18 days)         L1 03-01 00:10
    u7   B       c2 03-10                     04-02                   L3 03-11
    u8   A       c1 02-28 23:50               —                       —
    ===  ======  ===========================  ======================  ======================

    Webinars (trainers t1 in A, t2 in C, t3 in B, t4 in no region): W1 t1 c1 A's cohort 03-05
    (u1, u2 present); W2 t2 c1 B's cohort 03-12 (u1, u3, u6); W3 t2 c2 03-20 (u7); W4 t1 c1
    A's cohort 03-15 cancelled (u1); W5 t3 c2 04-01 00:10 (u4); W6 t3 c2 03-31 23:30 (nobody);
    W7 t4 c2 03-25 (u4).

    Organisation X (in region C) has u1, u2 and t1 as members; another organisation has u7.
    """
    a, b, c = RegionFactory(), RegionFactory(), RegionFactory()
    social = Direction.objects.create(code="social", name_ru="Социальное", sort_order=1)
    coordinators = Audience.objects.get(code="coordinators")
    volunteers = Audience.objects.get(code="volunteers")

    c1 = builders.course(home, lessons=2, title="Основы добровольчества", direction=social)
    c1.audiences.set([coordinators])
    c1.save()
    c2 = builders.course(home, lessons=1, title="Еріктілерді басқару", language="kk")
    c2.audiences.set([volunteers])
    c2.save()
    draft = builders.course(home, lessons=0, title="Черновик курса")
    draft.unpublish()
    l1, l2 = LessonPage.objects.child_of(c1).order_by("path")
    (l3,) = LessonPage.objects.child_of(c2)
    cohort_a, cohort_b = cohort(c1, a), cohort(c1, b)

    u1, u8 = UserFactory(region=a), UserFactory(region=a)
    u2, u4, u5, u7 = (UserFactory(region=b) for _ in range(4))
    u3 = UserFactory(region=None)
    u6 = UserFactory(region=c)

    e = enrol(u1, c1, at(3, 2, 2), at(3, 6, 8))
    progress(e, l1, at(3, 2))
    progress(e, l2, at(3, 6, 8))
    e = enrol(u2, c1, at(3, 3), at(3, 13), cohort=cohort_a)
    progress(e, l1, at(3, 4))
    e = enrol(u2, c2, at(2, 15))
    progress(e, l3, at(3, 20))
    e = enrol(u3, c1, at(3, 5))
    progress(e, l1, at(2, 28))
    progress(e, l2, at(3, 31, 23, 30))
    e = enrol(u4, c2, at(3, 31, 23, 30))
    progress(e, l3, at(4, 1, 0, 10))
    enrol(u5, c2, at(4, 1, 0, 10))
    e = enrol(u6, c1, at(2, 20), at(3, 10))
    progress(e, l1, at(3, 1, 0, 10))
    e = enrol(u7, c2, at(3, 10), at(4, 2))
    progress(e, l3, at(3, 11))
    enrol(u8, c1, at(2, 28, 23, 50))

    t1, t2, t3 = UserFactory(region=a), UserFactory(region=c), UserFactory(region=b)
    t4 = UserFactory(region=None)
    webinar(t1, c1, at(3, 5, 15), cohort=cohort_a, present=[u1, u2])
    webinar(t2, c1, at(3, 12, 15), cohort=cohort_b, present=[u1, u3, u6])
    webinar(t2, c2, at(3, 20, 15), present=[u7])
    webinar(t1, c1, at(3, 15, 15), cohort=cohort_a, present=[u1], status=Webinar.Status.CANCELLED)
    webinar(t3, c2, at(4, 1, 0, 10), present=[u4])
    webinar(t3, c2, at(3, 31, 23, 30))
    webinar(t4, c2, at(3, 25, 15), present=[u4])

    x = OrganisationFactory(region=c)
    for person in (u1, u2, t1):
        MembershipFactory(user=person, organisation=x)
    MembershipFactory(user=u7)

    return SimpleNamespace(
        a=a.pk,
        b=b.pk,
        c=c.pk,
        social=social.pk,
        coordinators=coordinators.pk,
        volunteers=volunteers.pk,
        c1=c1,
        c2=c2,
        x=x.pk,
    )


class TestTheWorld(TestCase):
    """Every number of the hand-built world (:func:`build_world`), built once for the class."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.home = build_site().home["ru"]
        cls.world = build_world(cls.home)

    # --- Learning ---------------------------------------------------------------------------------

    def test_learning_figures(self) -> None:
        section = reports.section(march())
        with translation.override("en"):
            assert (section.key, str(section.title), section.order) == ("learning", "Learning", 10)
        assert section.ignores == frozenset()
        assert figures(section) == {
            "enrolments": 5,  # u1, u2, u3, u4 (23:30 on the last day), u7; not u5 (00:10 after)
            "completions": 3,  # u1, u2, u6; not u7 (April)
            "completion_rate": 60.0,  # u1, u2 and u7 of the five enrolled in March
            "median_days": 10.0,  # of 4.25, 10 and 18
            "active_learners": 5,  # u1, u2, u3, u6, u7
            "lessons_completed": 7,
        }
        kinds = {figure.key: figure.kind for figure in section.figures}
        assert (kinds["completion_rate"], kinds["median_days"]) == (PERCENT, DAYS)

    def test_learning_by_region(self) -> None:
        world = self.world
        section = reports.section(march())
        a, b, c = world.a, world.b, world.c
        assert columns(section) == {
            "enrolments": {a: 2, b: 2, None: 1},  # u2 counts in A: his cohort's region
            "completions": {a: 2, c: 1},
            "completion_rate": {a: 100.0, b: 50.0, None: 0.0},  # C: nobody enrolled in March
            "median_days": {a: 7.1, c: 18.0},  # A: the median of 4.25 and 10
            "active_learners": {a: 2, b: 2, None: 1, c: 1},  # u2 in A (c1) and in B (c2)
        }
        assert totals(section) == {
            "enrolments": None,
            "completions": None,
            "completion_rate": 60.0,
            "median_days": 10.0,
            "active_learners": 5,  # not 6: u2 once
        }

    def test_lines_by_day_in_the_reports_time_zone(self) -> None:
        section = reports.section(march())
        line = next(line for line in section.series if line.key == "enrolments")
        assert list(line.values) == [dt.date(2025, 3, day) for day in range(1, 32)]
        # u1 enrolled on 1 March in UTC, on the 2nd in Astana.
        assert series(section, "enrolments") == {
            dt.date(2025, 3, 2): 1,
            dt.date(2025, 3, 3): 1,
            dt.date(2025, 3, 5): 1,
            dt.date(2025, 3, 10): 1,
            dt.date(2025, 3, 31): 1,
        }
        assert series(section, "completions") == {
            dt.date(2025, 3, 6): 1,
            dt.date(2025, 3, 10): 1,
            dt.date(2025, 3, 13): 1,
        }

    def test_lines_by_month_for_long_periods(self) -> None:
        query = ReportQuery(
            start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30), today=MARCH["today"]
        )
        section = reports.section(query)
        line = next(line for line in section.series if line.key == "completions")
        assert list(line.values) == [dt.date(2025, month, 1) for month in range(1, 7)]
        # u5 enrolled on 31 March in UTC, in April in Astana.
        assert series(section, "enrolments") == {
            dt.date(2025, 2, 1): 3,
            dt.date(2025, 3, 1): 5,
            dt.date(2025, 4, 1): 1,
        }
        assert series(section, "completions") == {dt.date(2025, 3, 1): 3, dt.date(2025, 4, 1): 1}

    def test_courses_table(self) -> None:
        (table,) = reports.section(march()).tables
        assert table.key == "courses"
        assert [column.key for column in table.columns] == [
            "course",
            "language",
            "enrolments",
            "completions",
            "completion_rate",
            "median_days",
        ]
        assert table.rows == (
            ("Основы добровольчества", "ru", 3, 3, 66.7, 10.0),
            ("Еріктілерді басқару", "kk", 2, 0, 50.0, None),
        )

    def test_courses_with_as_many_enrolments_go_by_title(self) -> None:
        other = builders.course(self.home, lessons=0, title="Азбука координатора")
        for _ in range(2):
            enrol(UserFactory(), other, at(3, 7))
        (table,) = reports.section(march()).tables
        assert [row[0] for row in table.rows] == [
            "Основы добровольчества",
            "Азбука координатора",
            "Еріктілерді басқару",
        ]

    def test_matrices_by_region_and_direction(self) -> None:
        world = self.world
        assert reports.section(march()).matrices == ()
        matrices = {m.key: m.values for m in reports.section(march(by_direction=True)).matrices}
        a, b, c, social = world.a, world.b, world.c, world.social
        assert matrices == {
            "enrolments_by_direction": {(a, social): 2, (None, social): 1, (b, None): 2},
            "completions_by_direction": {(a, social): 2, (c, social): 1},
        }

    # --- Webinars ---------------------------------------------------------------------------------

    def test_webinar_figures_and_regions(self) -> None:
        world = self.world
        section = reports.webinar_section(march())
        with translation.override("en"):
            title = str(section.title)
        assert (section.key, title, section.order) == ("webinars", "Webinars and trainers", 20)
        assert figures(section) == {
            "webinars_held": 5,  # W1, W2, W3, W6, W7: not the cancelled W4 nor W5 (April)
            "attendances": 7,
            "attendees": 6,  # u1, u2, u3, u4, u6, u7
            "trainers_active": 4,
        }
        a, b, c = world.a, world.b, world.c
        assert columns(section) == {
            "webinars_held": {a: 1, b: 2, c: 1, None: 1},  # W2: its cohort's region, not t2's
            "attendances": {a: 2, b: 3, c: 1, None: 1},
            "trainers_active": {a: 1, b: 2, c: 1, None: 1},  # t2 in B and in C
        }
        assert totals(section) == {"webinars_held": None, "attendances": None, "trainers_active": 4}

    # --- Filters ----------------------------------------------------------------------------------

    def test_only_the_regions_asked_for(self) -> None:
        world = self.world
        a, b = world.a, world.b
        query = march(region_ids=frozenset({a, b}))
        learning, webinars = reports.section(query), reports.webinar_section(query)
        assert figures(learning) == {
            "enrolments": 4,
            "completions": 2,
            "completion_rate": 75.0,  # u1, u2 (A) and u7 (B) of four
            "median_days": 7.1,
            "active_learners": 3,  # u1, u2, u7
            "lessons_completed": 5,
        }
        assert figures(webinars) == {
            "webinars_held": 3,  # W1, W2, W6
            "attendances": 5,
            "attendees": 4,
            "trainers_active": 3,
        }
        for section in (learning, webinars):
            for values in columns(section).values():
                assert set(values) <= {a, b}
        matrices = reports.section(march(region_ids=frozenset({a, b}), by_direction=True)).matrices
        for matrix in matrices:
            assert {region for region, _direction in matrix.values} <= {a, b}

    def test_no_regions_no_numbers(self) -> None:
        query = march(region_ids=frozenset(), by_direction=True)
        learning, webinars = reports.section(query), reports.webinar_section(query)
        assert figures(learning) == {
            "enrolments": 0,
            "completions": 0,
            "completion_rate": None,
            "median_days": None,
            "active_learners": 0,
            "lessons_completed": 0,
        }
        assert set(figures(webinars).values()) == {0}
        for section in (learning, webinars):
            assert all(values == {} for values in columns(section).values())
        assert learning.tables[0].rows == ()
        assert all(matrix.values == {} for matrix in learning.matrices)

    def test_an_organisations_learners_and_trainers(self) -> None:
        world = self.world
        query = march(organisation_id=world.x)
        assert figures(reports.section(query)) == {
            "enrolments": 2,  # u1, u2 (not u6: not a member)
            "completions": 2,
            "completion_rate": 100.0,
            "median_days": 7.1,
            "active_learners": 2,
            "lessons_completed": 4,
        }
        # The trainer is a member, whoever was present.
        assert figures(reports.webinar_section(query)) == {
            "webinars_held": 1,
            "attendances": 2,
            "attendees": 2,
            "trainers_active": 1,
        }

    def test_a_course(self) -> None:
        world = self.world
        query = march(course_id=world.c2.pk)
        learning, webinars = reports.section(query), reports.webinar_section(query)
        assert figures(learning) == {
            "enrolments": 2,
            "completions": 0,
            "completion_rate": 50.0,
            "median_days": None,
            "active_learners": 2,  # u2 and u7
            "lessons_completed": 2,
        }
        assert learning.tables[0].rows == (("Еріктілерді басқару", "kk", 2, 0, 50.0, None),)
        assert figures(webinars) == {
            "webinars_held": 3,  # W3, W6, W7
            "attendances": 2,
            "attendees": 2,
            "trainers_active": 3,
        }
        # The volunteers' only course is c2.
        by_audience = march(audience_id=world.volunteers)
        assert reports.section(by_audience) == learning
        assert reports.webinar_section(by_audience) == webinars

    def test_an_audience(self) -> None:
        world = self.world
        query = march(audience_id=world.coordinators)
        learning = reports.section(query)
        assert figures(learning) == {
            "enrolments": 3,
            "completions": 3,
            "completion_rate": 66.7,
            "median_days": 10.0,
            "active_learners": 4,  # u1, u2, u3, u6
            "lessons_completed": 5,
        }
        assert [row[0] for row in learning.tables[0].rows] == ["Основы добровольчества"]
        assert figures(reports.webinar_section(query)) == {
            "webinars_held": 2,  # W1, W2
            "attendances": 5,
            "attendees": 4,
            "trainers_active": 2,
        }
        assert reports.section(march(course_id=world.c1.pk)) == learning

    def test_the_period_is_in_the_reports_time_zone(self) -> None:
        in_utc = figures(reports.section(march(time_zone="UTC")))
        # u5 (00:10 on 1 April in Astana) enrolled on 31 March in UTC; u1 still in March.
        assert in_utc["enrolments"] == 6
        first_of_april = ReportQuery(
            start=dt.date(2025, 4, 1), end=dt.date(2025, 4, 1), today=MARCH["today"]
        )
        section = reports.section(first_of_april)
        assert figures(section)["enrolments"] == 1  # u5
        assert figures(section)["lessons_completed"] == 1  # u4's, at 00:10
        assert series(section, "enrolments") == {dt.date(2025, 4, 1): 1}
        assert figures(reports.webinar_section(first_of_april))["webinars_held"] == 1  # W5

    def test_filter_options(self) -> None:
        world = self.world
        course, audience = reports.filters(march())
        assert course.name == "course"
        assert [(c.id, c.label) for c in course.choices] == [
            (world.c2.pk, "Еріктілерді басқару (kk)"),
            (world.c1.pk, "Основы добровольчества (ru)"),
        ]  # not the draft
        assert audience.name == "audience"
        codes = dict(Audience.objects.values_list("code", "pk"))
        assert [(c.id, c.label) for c in audience.choices] == [
            (codes["coordinators"], "Координаторы"),
            (codes["volunteers"], "Волонтёры"),
            (codes["trainers"], "Тренеры"),
            (codes["students"], "Студенты"),
            (codes["mentors"], "Наставники"),
        ]
        assert reports.filters(None) == [course, audience]


def test_a_webinar_not_yet_started_was_not_held(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=0)
    trainer = UserFactory()
    now = timezone.now()
    webinar(trainer, course, now - dt.timedelta(hours=1))
    webinar(trainer, course, now + dt.timedelta(hours=1))
    today = timezone.localdate(now, ZONE)
    query = ReportQuery(
        start=today - dt.timedelta(days=1), end=today + dt.timedelta(days=1), today=today
    )
    assert figures(reports.webinar_section(query))["webinars_held"] == 1


def test_the_providers_are_registered():
    assert reports.section in extensions.providers("reports")
    assert reports.webinar_section in extensions.providers("reports")
    assert reports.filters in extensions.providers("report_filters")


# --- Queries -----------------------------------------------------------------------------------


def _add_activity(course: CoursePage, lesson: LessonPage, regions: list, count: int) -> None:
    """``count`` learners spread over the regions (and none), a third in a cohort, each enrolled
    and done with a lesson in March, every other one completed; a webinar per region attended
    by them all."""
    cohorts = [cohort(course, region) for region in regions]
    trainers = [UserFactory(region=region) for region in regions]
    learners = []
    for n in range(count):
        region = regions[n % len(regions)] if n % 4 else None
        learner = UserFactory(region=region)
        learners.append(learner)
        e = enrol(
            learner,
            course,
            at(3, 1 + n % 28),
            at(3, 2 + n % 28) if n % 2 else None,
            cohort=cohorts[n % len(cohorts)] if n % 3 == 0 else None,
        )
        progress(e, lesson, at(3, 1 + n % 28, 18))
    for trainer, group in zip(trainers, cohorts, strict=True):
        webinar(trainer, course, at(3, 14), cohort=group, present=learners)


def _queries(provider, query: ReportQuery) -> int:
    with CaptureQueriesContext(connection) as ctx:
        provider(query)
    return len(ctx.captured_queries)


QUERIES = [
    (reports.section, {}, 8),
    (reports.section, {"by_direction": True}, 9),
    (reports.webinar_section, {}, 2),
    (reports.filters, {}, 2),
]


def test_a_fixed_number_of_queries_whatever_the_size(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=1)
    lesson = LessonPage.objects.child_of(course).get()
    audience = Audience.objects.get(code="coordinators")
    course.audiences.set([audience])
    course.save()
    regions = [RegionFactory() for _ in range(3)]
    organisation = OrganisationFactory()
    cuts = [
        {},
        {"region_ids": frozenset(r.pk for r in regions[:2])},
        {"organisation_id": organisation.pk, "course_id": course.pk, "audience_id": audience.pk},
    ]

    def counts() -> list[int]:
        return [
            _queries(provider, march(**extra, **cut))
            for provider, extra, _expected in QUERIES
            for cut in cuts
        ]

    _add_activity(course, lesson, regions, 3)
    small = counts()
    assert figures(reports.section(march()))["enrolments"] == 3
    _add_activity(course, lesson, regions, 30)
    assert figures(reports.section(march()))["enrolments"] == 33
    assert counts() == small == [expected for *_, expected in QUERIES for _cut in cuts]


# --- Any assignment of learners to regions (hypothesis) ---------------------------------------

CHOICES = ("a", "b", None)
enrolment_specs = st.lists(
    st.tuples(
        st.sampled_from(CHOICES),  # the learner's region
        st.sampled_from(CHOICES),  # the cohort's region (None: no cohort)
        st.integers(min_value=-3, max_value=34),  # enrolled on 1 March + days
        st.one_of(st.none(), st.integers(min_value=0, max_value=20)),  # completed days later
    ),
    max_size=8,
)


@pytest.fixture
def pool(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=0)
    regions = {"a": RegionFactory(), "b": RegionFactory(), None: None}
    cohorts = {key: cohort(course, region) for key, region in regions.items() if region}
    cohorts[None] = None
    people = [UserFactory() for _ in range(8)]
    return SimpleNamespace(course=course, regions=regions, cohorts=cohorts, people=people)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=enrolment_specs)
def test_regions_add_up_to_the_whole_whatever_the_assignment(pool, specs):
    """The region of each enrolment is its cohort's, else its learner's; the regions' counts
    are those, and add up to the figures."""
    expected_enrolments: dict = {}
    expected_completions: dict = {}
    start = at(3, 1)
    with transaction.atomic():
        for person, (own, of_cohort, day, after) in zip(pool.people, specs, strict=False):
            region = pool.regions[own]
            type(person).objects.filter(pk=person.pk).update(region=region)
            enrolled_at = start + dt.timedelta(days=day)
            completed_at = None if after is None else enrolled_at + dt.timedelta(days=after)
            enrol(person, pool.course, enrolled_at, completed_at, cohort=pool.cohorts[of_cohort])
            key = pool.regions[of_cohort or own]
            key = key.pk if key else None
            if 0 <= day <= 30:
                expected_enrolments[key] = expected_enrolments.get(key, 0) + 1
            if completed_at and at(3, 1) <= completed_at < at(4, 1, 0):
                expected_completions[key] = expected_completions.get(key, 0) + 1

        section = reports.section(march())
        transaction.set_rollback(True)

    by_region, total = columns(section), figures(section)
    assert by_region["enrolments"] == expected_enrolments
    assert by_region["completions"] == expected_completions
    assert sum(by_region["enrolments"].values()) == total["enrolments"]
    assert sum(by_region["completions"].values()) == total["completions"]
    assert sum(series(section, "enrolments").values()) == total["enrolments"]
