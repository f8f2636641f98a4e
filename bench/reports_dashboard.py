"""Time of the coordinators' reports dashboard over a large data set, against raw SQL.

The script creates a fresh PostgreSQL database (by default ``vektor_bench_reports``, dropped
first if it exists), migrates it and seeds two years of activity: 24 regions (20 in
Kazakhstan, 4 in Russia), nine organisations in each and a national front office, 24 courses
made through Wagtail (13 lessons each by default, so that the progress fits), eight
quarterly cohorts per course, and then in bulk, with ``INSERT … SELECT`` over
``generate_series`` on the server: learners (0.6 per enrolment, 7 % without a region),
100,000 enrolments (about 60 % completed, about half in a cohort, often of another region
than the learner's), 1,000,000 lesson-progress rows, 200,000 volunteer-hours entries
(confirmed, waiting and rejected; five sources; most at an organisation), webinars and their
attendance, a certificate for most completions, social-credit vouchers in two currencies, and
mentoring matches with their sessions and check-ins. Then ``VACUUM ANALYZE``.

It then measures, for three viewers (a superuser; a programme coordinator of the national
front office, who sees Kazakhstan; one of a regional front office, who sees one region) and
the last twelve months:

* ``dashboard``: ``GET /reports/`` through Django's test client (the whole stack: middleware,
  session, the filter form, every app's ``reports`` provider, the template), its SQL queries
  counted once;
* ``selector``: ``lms.reports.selectors.dashboard(query, regions)`` alone, the same query;
* ``raw``: hand-written SQL computing the same figures (one statement per kind of record, with
  ``GROUPING SETS`` for the totals) through a plain psycopg connection (no prepared
  statements, as Django uses none) — only for the sections the dashboard has.

Each is run twice to warm up, then ``--runs`` times, interleaved; the overhead is the ratio of
the medians. The figures the raw SQL and the selector both give are compared (``checked``,
``mismatches``). It prints one JSON object per line::

    {"bench": "reports_seed", "database": "postgresql:vektor_bench_reports", "users": ...,
     "enrolments": 100000, "lesson_progress": 1000000, "hours_entries": 200000, ...,
     "seconds": 47.0, "steps": {"migrate": 17.9, ...}}
    {"bench": "reports_dashboard", "viewer": "superuser", "regions": "all", "runs": 20,
     "median_ms": ..., "p95_ms": ..., "queries": ..., "selector_median_ms": ...,
     "raw_median_ms": ..., "ratio": ..., "selector_ratio": ..., "checked": ..., ...}

Run it from the project folder with PostgreSQL (and Redis for the cache)::

    .venv/bin/python bench/reports_dashboard.py
    .venv/bin/python bench/reports_dashboard.py --enrolments 100000 --progress 1000000 \\
        --hours 200000 --runs 20 --keep

The database is dropped at the end unless ``--keep``; ``--reuse`` measures a database kept
by an earlier run without seeding it again (to try an index, say). ``--explain N`` prints,
on stderr, ``EXPLAIN ANALYZE`` of the superuser's N slowest dashboard queries.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/vektor_bench_reports"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
WARMUP = 2
SEED = 0.42  # PostgreSQL's setseed: the same data on every run
DAYS = 730  # two years of activity
COURSES = 24
COHORTS_PER_COURSE = 8  # one a quarter
USERS_PER_ENROLMENT = 0.6
COMPLETING = 0.64  # share of enrolments that complete (those that would finish before today)
EMAIL = "{}@bench.vektor.local"
ADMIN, NATIONAL, REGIONAL = "superuser", "national", "regional"
ZONE = "Asia/Almaty"

# 20 regions of Kazakhstan and 4 of Russia (ISO 3166-2), the largest first.
REGIONS = [
    ("KZ-75", "KZ", "Алматы"),
    ("KZ-71", "KZ", "Астана"),
    ("KZ-79", "KZ", "Шымкент"),
    ("KZ-61", "KZ", "Туркестанская область"),
    ("KZ-19", "KZ", "Алматинская область"),
    ("KZ-35", "KZ", "Карагандинская область"),
    ("KZ-63", "KZ", "Восточно-Казахстанская область"),
    ("KZ-31", "KZ", "Жамбылская область"),
    ("KZ-15", "KZ", "Актюбинская область"),
    ("KZ-39", "KZ", "Костанайская область"),
    ("KZ-55", "KZ", "Павлодарская область"),
    ("KZ-11", "KZ", "Акмолинская область"),
    ("KZ-43", "KZ", "Кызылординская область"),
    ("KZ-23", "KZ", "Атырауская область"),
    ("KZ-47", "KZ", "Мангистауская область"),
    ("KZ-27", "KZ", "Западно-Казахстанская область"),
    ("KZ-59", "KZ", "Северо-Казахстанская область"),
    ("KZ-10", "KZ", "Абайская область"),
    ("KZ-33", "KZ", "Жетысуская область"),
    ("KZ-62", "KZ", "Улытауская область"),
    ("RU-MOW", "RU", "Москва"),
    ("RU-SPE", "RU", "Санкт-Петербург"),
    ("RU-TA", "RU", "Республика Татарстан"),
    ("RU-NVS", "RU", "Новосибирская область"),
]
NATIONAL_REGION, REGIONAL_REGION = "KZ-71", "KZ-75"
# The organisations of every region, in this order (``k`` 0…8 in the seeding tables).
ORGANISATION_KINDS = [
    ("front_office", "Фронт-офис"),
    ("ngo", "Фонд «Добрые руки»"),
    ("ngo", "Общественное объединение «Вместе»"),
    ("ngo", "Волонтёрский центр «Шаг»"),
    ("centre", "Центр поддержки добровольчества"),
    ("university", "Университет"),
    ("social", "Центр социального обслуживания"),
    ("social", "Дом престарелых"),
    ("childrens_home", "Детский дом"),
]
DIRECTIONS = [
    ("health", "Здравоохранение", "Денсаулық сақтау", "Health care"),
    ("education", "Образование", "Білім беру", "Education"),
    ("children", "Наставничество детей", "Балаларға тәлімгерлік", "Mentoring children"),
    ("heritage", "Культурное наследие", "Мәдени мұра", "Heritage"),
    ("environment", "Экология", "Экология", "Environment"),
]
LANGUAGES = ("ru", "kk", "en")


@dataclass(frozen=True)
class Sizes:
    enrolments: int
    progress: int
    hours: int

    @property
    def users(self) -> int:
        return max(100, math.ceil(self.enrolments * USERS_PER_ENROLMENT))

    @property
    def lessons_per_course(self) -> int:
        """So that completed enrolments (all lessons) and the others (about half) make up
        the progress wanted: ``progress / enrolments ≈ 0.8 · lessons − 0.2``."""
        return max(2, round((self.progress / self.enrolments + 0.2) / 0.8))

    @property
    def trainers(self) -> int:
        return max(10, self.enrolments // 500)

    @property
    def webinars(self) -> int:
        return max(40, self.enrolments // 25)

    @property
    def students(self) -> int:
        return max(30, self.enrolments // 30)

    @property
    def matches(self) -> int:
        return max(20, self.enrolments // 50)


# --- Command line and environment ------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=100_000)
    parser.add_argument("--progress", type=int, default=1_000_000, help="lesson-progress rows")
    parser.add_argument("--hours", type=int, default=200_000, help="volunteer-hours entries")
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each measurement")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="the PostgreSQL database to drop and create (its name must contain 'bench'); "
        "DATABASE_URL is not used, so that no other database is dropped",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep, without seeding"
    )
    parser.add_argument(
        "--explain",
        type=int,
        default=0,
        metavar="N",
        help="EXPLAIN ANALYZE the superuser's N slowest dashboard queries (on stderr)",
    )
    args = parser.parse_args(argv)
    if args.enrolments < 100 or args.runs < 1 or args.hours < 0:
        parser.error("give at least 100 enrolments, one run and no negative hours")
    if not args.enrolments <= args.progress <= 40 * args.enrolments:
        parser.error("give between 1 and 40 lesson-progress rows per enrolment")
    return args


def configure_environment(args: argparse.Namespace) -> None:
    """Settings come from the environment, so this runs before ``django.setup()``."""
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["EMAIL_URL"] = "memorymail://"
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    # WhiteNoise warns that STATIC_ROOT does not exist; the benchmark serves no static file.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False, default=str), flush=True)


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 2)


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


# --- The database itself -----------------------------------------------------------------------


def connection_options(settings_dict: dict[str, Any], dbname: str) -> dict[str, Any]:
    options = {
        "dbname": dbname,
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    return {key: value for key, value in options.items() if value}


def check_database() -> str:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to use {name!r}: the benchmark database's name must contain 'bench'.")
    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL (its raw SQL is PostgreSQL's).")
    return name


def recreate_database() -> None:
    """Drop and create the database through the ``postgres`` maintenance database (Django
    has not connected to it yet), then migrate it."""
    import psycopg
    from django.core.management import call_command
    from django.db import connection
    from psycopg import sql

    name = check_database()
    options = connection_options(connection.settings_dict, "postgres")
    with psycopg.connect(**options, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    call_command("migrate", interactive=False, verbosity=0)


def drop_database() -> None:
    import psycopg
    from django.db import connection, connections
    from psycopg import sql

    name = check_database()
    options = connection_options(connection.settings_dict, "postgres")
    connections.close_all()
    with psycopg.connect(**options, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def vacuum_analyze() -> None:
    """Fresh statistics and visibility maps, as an aged database has (outside a transaction)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def database_label() -> str:
    from django.db import connection

    return f"{connection.vendor}:{connection.settings_dict['NAME']}"


# --- Seeding -----------------------------------------------------------------------------------


class Steps:
    """Seconds spent in each seeding step."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = round(now - self.last, 1)
        self.last = now


def execute(sql: str, params: dict[str, Any] | None = None) -> Any:
    """Run one seeding statement on Django's connection (its session keeps the work tables);
    returns the first row, if any."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def seed(sizes: Sizes, steps: Steps) -> None:
    from django.db import transaction

    with transaction.atomic():
        execute("SELECT setseed(%(seed)s)", {"seed": SEED})
        from bench.common import build_site

        catalog = build_site()
        regions = create_regions()
        directions = create_directions()
        create_organisations(regions)
        create_coordinators(regions)
        steps.done("regions_organisations")
        courses = create_courses(catalog, directions, sizes.lessons_per_course)
        steps.done("courses_lessons")
        create_cohorts(courses, regions)
        create_people(sizes)
        steps.done("users")
        create_enrolments(sizes)
        steps.done("enrolments")
        create_progress()
        steps.done("lesson_progress")
        create_hours(sizes)
        steps.done("hours")
        create_webinars(sizes)
        steps.done("webinars")
        create_certificates()
        steps.done("certificates")
        create_vouchers(sizes, regions)
        steps.done("vouchers")
        create_mentoring(sizes, regions, directions)
        steps.done("mentoring")
    vacuum_analyze()
    steps.done("vacuum_analyze")


def create_regions() -> dict[str, Any]:
    from lms.accounts.models import Region

    made = Region.objects.bulk_create(
        Region(
            code=code,
            country=country,
            time_zone=ZONE if country == "KZ" else "Europe/Moscow",
            name_ru=name,
            name_kk=name,
            name_en=code,
        )
        for code, country, name in REGIONS
    )
    execute(
        "CREATE TEMP TABLE bench_region AS SELECT ordinality - 1 AS k, id, code"
        " FROM unnest(%(ids)s::bigint[], %(codes)s::text[]) WITH ORDINALITY AS r (id, code)",
        {"ids": [region.pk for region in made], "codes": [region.code for region in made]},
    )
    return {region.code: region for region in made}


def create_directions() -> list[Any]:
    from lms.accounts.models import Direction

    return [
        Direction.objects.get_or_create(
            code=code,
            defaults={"name_ru": ru, "name_kk": kk, "name_en": en, "sort_order": order},
        )[0]
        for order, (code, ru, kk, en) in enumerate(DIRECTIONS)
    ]


def create_organisations(regions: dict[str, Any]) -> None:
    """Nine organisations in every region and a national front office in Astana; the work
    table ``bench_org`` numbers them all (``n``) and within their region (``k``)."""
    from lms.accounts.models import Organisation

    rows = [
        Organisation(name=f"{name} ({region.name_ru})", kind=kind, region=region)
        for region in regions.values()
        for kind, name in ORGANISATION_KINDS
    ]
    rows.append(
        Organisation(
            name="Национальный фронт-офис",
            kind=Organisation.Kind.NATIONAL_OFFICE,
            region=regions[NATIONAL_REGION],
        )
    )
    made = Organisation.objects.bulk_create(rows)
    per_region = len(ORGANISATION_KINDS)
    execute(
        "CREATE TEMP TABLE bench_org AS SELECT ordinality AS n, id, region_id, kind,"
        " (ordinality - 1) %% %(per)s AS k FROM unnest(%(ids)s::bigint[], %(regions)s::bigint[],"
        " %(kinds)s::text[]) WITH ORDINALITY AS o (id, region_id, kind)",
        {
            "per": per_region,
            "ids": [org.pk for org in made[:-1]],
            "regions": [org.region_id for org in made[:-1]],
            "kinds": [org.kind for org in made[:-1]],
        },
    )


def create_coordinators(regions: dict[str, Any]) -> None:
    """The three viewers: a superuser, a programme coordinator of the national front office
    and one of the front office of a large region."""
    from lms.accounts.models import Membership, Organisation, User

    User.objects.create_superuser(
        EMAIL.format(ADMIN), None, full_name="Администратор", region=regions[NATIONAL_REGION]
    )
    national = User.objects.create_user(
        EMAIL.format(NATIONAL), None, full_name="Координатор Национальный", region=None
    )
    regional = User.objects.create_user(
        EMAIL.format(REGIONAL),
        None,
        full_name="Координатор Региональный",
        region=regions[REGIONAL_REGION],
    )
    Membership.objects.create(
        user=national,
        organisation=Organisation.objects.get(kind=Organisation.Kind.NATIONAL_OFFICE),
        role=Membership.Role.PROGRAMME_COORDINATOR,
    )
    Membership.objects.create(
        user=regional,
        organisation=Organisation.objects.get(
            kind=Organisation.Kind.FRONT_OFFICE, region=regions[REGIONAL_REGION]
        ),
        role=Membership.Role.PROGRAMME_COORDINATOR,
    )


def create_courses(catalog: Any, directions: list[Any], lessons: int) -> list[Any]:
    """Courses and their lessons through Wagtail, as editors make them (the lessons are not
    revised: a course's outline is all the reports need). Work table ``bench_course``
    (``idx``, id, title) and ``bench_lesson`` (course ``idx``, ``position``, id)."""
    from courses.models import Audience, CoursePage, LessonPage

    audiences = list(Audience.objects.order_by("sort_order"))
    courses = []
    for idx in range(COURSES):
        page = CoursePage(
            title=f"Курс {idx + 1}: работа с добровольцами",
            slug=f"course-{idx + 1}",
            summary="Как привлекать, обучать и поддерживать добровольцев.",
            description=f"<p>Курс {idx + 1} для координаторов и волонтёров.</p>",
            language=LANGUAGES[idx % len(LANGUAGES)],
            estimated_hours=4 + idx % 8,
            direction=directions[idx % len(directions)],
        )
        catalog.add_child(instance=page)
        page.save_revision().publish()
        if audiences:
            page.audiences.set([audiences[idx % len(audiences)]])
            page.save()
        for position in range(lessons):
            page.add_child(
                instance=LessonPage(
                    title=f"Урок {position + 1}",
                    slug=f"lesson-{position + 1}",
                    body=[("paragraph", f"<p>Урок {position + 1}: первые шаги.</p>")],
                    estimated_minutes=15,
                )
            )
        courses.append(page)
    execute(
        "CREATE TEMP TABLE bench_course AS SELECT ordinality - 1 AS idx, id, title"
        " FROM unnest(%(ids)s::int[], %(titles)s::text[]) WITH ORDINALITY AS c (id, title)",
        {"ids": [c.pk for c in courses], "titles": [c.title for c in courses]},
    )
    execute(
        "CREATE TEMP TABLE bench_lesson AS SELECT c.idx AS course_idx,"
        " row_number() OVER (PARTITION BY c.idx ORDER BY p.path) - 1 AS position, p.id"
        " FROM bench_course c JOIN wagtailcore_page parent ON parent.id = c.id"
        " JOIN wagtailcore_page p ON p.path LIKE parent.path || '%' AND p.depth = parent.depth + 1"
    )
    return courses


def create_cohorts(courses: list[Any], regions: dict[str, Any]) -> None:
    """A cohort of every course each quarter of the two years, in one region or another;
    work table ``bench_cohort`` (course ``idx``, quarter ``k`` counted back from today)."""
    from django.utils import timezone

    from courses.models import Cohort

    today = timezone.localdate()
    region_list = list(regions.values())
    rows = []
    for idx, course in enumerate(courses):
        for k in range(COHORTS_PER_COURSE):
            starts = today - timedelta(days=round((k + 1) * DAYS / COHORTS_PER_COURSE))
            rows.append(
                Cohort(
                    course=course,
                    title=f"Поток {k + 1} курса {idx + 1}",
                    region=region_list[(idx * 5 + k * 3) % len(region_list)],
                    starts_on=starts,
                    ends_on=starts + timedelta(days=120),
                )
            )
    made = Cohort.objects.bulk_create(rows)
    execute(
        "CREATE TEMP TABLE bench_cohort AS SELECT (ordinality - 1) / %(per)s AS course_idx,"
        " (ordinality - 1) %% %(per)s AS k, id, region_id"
        " FROM unnest(%(ids)s::bigint[], %(regions)s::bigint[])"
        " WITH ORDINALITY AS c (id, region_id)",
        {
            "per": COHORTS_PER_COURSE,
            "ids": [c.pk for c in made],
            "regions": [c.region_id for c in made],
        },
    )


def create_people(sizes: Sizes) -> None:
    """Learners (the larger regions have more; 7 % give none) and trainers, with one
    unusable password; a fifth of the learners hold a role at an organisation of their region.
    Work tables ``bench_learner`` and ``bench_trainer`` (``n`` from 1, id, region)."""
    from django.contrib.auth.hashers import make_password

    regions = len(REGIONS)
    params = {"password": make_password(None), "regions": regions, "days": DAYS}
    execute(
        """
        INSERT INTO accounts_user (password, is_superuser, email, full_name, preferred_language,
            time_zone, is_active, is_staff, date_joined, region_id)
        SELECT %(password)s, false, 'learner-' || g || '@bench.vektor.local',
            'Слушатель Номер ' || g, 'ru', '', true, false,
            now() - random() * interval '1095 days',
            CASE WHEN random() >= 0.07 THEN r.id END
        FROM (SELECT g, floor(power(random(), 1.6) * %(regions)s)::int AS k
              FROM generate_series(1, %(users)s) AS g OFFSET 0) AS b
        JOIN bench_region r ON r.k = b.k
        ORDER BY g
        """,
        {**params, "users": sizes.users},
    )
    execute(
        """
        INSERT INTO accounts_user (password, is_superuser, email, full_name, preferred_language,
            time_zone, is_active, is_staff, date_joined, region_id)
        SELECT %(password)s, false, 'trainer-' || g || '@bench.vektor.local',
            'Тренер Номер ' || g, 'ru', '', true, false, now() - interval '800 days', r.id
        FROM generate_series(1, %(trainers)s) AS g
        JOIN bench_region r ON r.k = mod(g, %(regions)s)
        """,
        {**params, "trainers": sizes.trainers},
    )
    for table, prefix in (("bench_learner", "learner-"), ("bench_trainer", "trainer-")):
        execute(
            f"CREATE TEMP TABLE {table} AS SELECT row_number() OVER (ORDER BY id) AS n, id,"  # noqa: S608
            " region_id FROM accounts_user WHERE email LIKE %(pattern)s",
            {"pattern": f"{prefix}%"},
        )
        execute(f"CREATE UNIQUE INDEX ON {table} (n)")
    execute(
        """
        INSERT INTO accounts_membership (user_id, organisation_id, role, created_at)
        SELECT l.id, o.id, (ARRAY['coordinator', 'mentor', 'supervisor', 'trainer'])[1 + b.r],
            now() - interval '1 year'
        FROM (SELECT n, floor(random() * 9)::int AS k, floor(random() * 4)::int AS r
              FROM bench_learner WHERE random() < 0.2 OFFSET 0) AS b
        JOIN bench_learner l ON l.n = b.n
        JOIN bench_org o ON o.region_id = l.region_id AND o.k = b.k
        """
    )


def create_enrolments(sizes: Sizes) -> None:
    """Enrolments over two years, in time order (as a live table grows). A learner takes
    distinct courses; about half join the cohort of the quarter they enrol in; about 60 %
    complete after 1–90 days. The completed have done every lesson; the others as many as
    makes the progress wanted (exactly), some more, some fewer. Work table ``bench_plan``."""
    lessons = sizes.lessons_per_course
    execute(
        """
        CREATE TEMP TABLE bench_plan AS
        WITH b AS MATERIALIZED (
            SELECT g, mod(g - 1, %(users)s) + 1 AS learner, (g - 1) / %(users)s AS round,
                random() * %(days)s AS days_ago, random() AS r_cohort, random() AS r_done,
                1 + 89 * power(random(), 2) AS duration
            FROM generate_series(1, %(enrolments)s) AS g
        )
        SELECT l.id AS user_id, c.idx AS course_idx, c.id AS course_id,
            CASE WHEN b.r_cohort < 0.5 THEN h.id END AS cohort_id,
            CASE WHEN mod(b.g, 3) = 0 THEN 'coordinator' ELSE 'self' END AS source,
            now() - b.days_ago * interval '1 day' AS enrolled_at,
            CASE WHEN b.r_done < %(completing)s AND b.duration < b.days_ago
                THEN now() - (b.days_ago - b.duration) * interval '1 day' END AS completed_at,
            0 AS lessons_done, NULL::bigint AS enrolment_id
        FROM b
        JOIN bench_learner l ON l.n = b.learner
        JOIN bench_course c ON c.idx = mod(b.learner * 7 + b.round, %(courses)s)
        JOIN bench_cohort h ON h.course_idx = c.idx
            AND h.k = least(floor(b.days_ago * %(cohorts)s / %(days)s)::int, %(cohorts)s - 1)
        """,
        {
            "users": sizes.users,
            "enrolments": sizes.enrolments,
            "days": DAYS,
            "completing": COMPLETING,
            "courses": COURSES,
            "cohorts": COHORTS_PER_COURSE,
        },
    )
    completed, remaining = execute(
        "SELECT count(completed_at), count(*) - count(completed_at) FROM bench_plan"
    )
    rest = sizes.progress - completed * lessons
    if remaining == 0 or not 0 <= rest <= remaining * (lessons - 1):
        sys.exit(
            f"{sizes.progress} progress rows do not fit {completed} completed enrolments of "
            f"{lessons} lessons and {remaining} others: change --progress or --enrolments."
        )
    low, high = rest // remaining, -(-rest // remaining)
    swing = min(low, lessons - 1 - high)  # ± this much keeps every count within 0…lessons - 1
    execute(
        "UPDATE bench_plan SET lessons_done = %(lessons)s WHERE completed_at IS NOT NULL",
        {"lessons": lessons},
    )
    # The i-th unfinished enrolment: its share of ``rest`` (the shares add up to it exactly),
    # plus a swing that its neighbour cancels (i even: +s, i odd: -s; an odd last gets none).
    execute(
        """
        WITH i AS (
            SELECT ctid AS tid, row_number() OVER (ORDER BY enrolled_at, user_id) - 1 AS i
            FROM bench_plan WHERE completed_at IS NULL
        )
        UPDATE bench_plan SET lessons_done = ((i.i + 1) * %(rest)s) / %(remaining)s
            - (i.i * %(rest)s) / %(remaining)s
            + CASE WHEN i.i < %(paired)s
                THEN mod(i.i / 2, %(swing)s + 1) * (1 - 2 * mod(i.i, 2)) ELSE 0 END
        FROM i WHERE bench_plan.ctid = i.tid
        """,
        {"rest": rest, "remaining": remaining, "paired": remaining // 2 * 2, "swing": swing},
    )
    execute(
        """
        INSERT INTO courses_enrolment (user_id, course_id, cohort_id, source, enrolled_at,
            completed_at)
        SELECT user_id, course_id, cohort_id, source, enrolled_at, completed_at
        FROM bench_plan ORDER BY enrolled_at
        """
    )
    execute(
        "UPDATE bench_plan p SET enrolment_id = e.id FROM courses_enrolment e"
        " WHERE e.user_id = p.user_id AND e.course_id = p.course_id"
    )


def create_progress() -> None:
    """The first ``lessons_done`` lessons of each enrolment, done at even steps between the
    enrolment and its completion (or today), in time order."""
    execute(
        """
        INSERT INTO courses_lessonprogress (enrolment_id, lesson_id, completed_at)
        SELECT p.enrolment_id, l.id, p.enrolled_at + (coalesce(p.completed_at, now())
            - p.enrolled_at) * ((l.position + 1)::float
            / (p.lessons_done + CASE WHEN p.completed_at IS NULL THEN 1 ELSE 0 END))
        FROM bench_plan p
        JOIN bench_lesson l ON l.course_idx = p.course_idx AND l.position < p.lessons_done
        ORDER BY 3
        """
    )


def create_hours(sizes: Sizes) -> None:
    """Volunteer-hours entries over two years by the more active half of the learners: most
    at an organisation (of their region, or any), some at none; 72 % confirmed, 18 %
    waiting, 10 % rejected; five sources; no ``source_ref`` (typed in by hand)."""
    execute(
        """
        INSERT INTO hours_hoursentry (user_id, organisation_id, date, minutes, description,
            evidence, source, source_ref, status, rejection_reason, decided_by_id, decided_at,
            notified_at, created_at)
        SELECT b.user_id,
            CASE WHEN b.r_org < 0.6 THEN coalesce(own.id, anywhere.id)
                 WHEN b.r_org < 0.88 THEN anywhere.id END,
            b.day, b.minutes, 'Помощь на мероприятии', '',
            CASE WHEN b.r_source < 0.35 THEN 'practice' WHEN b.r_source < 0.65 THEN 'event'
                 WHEN b.r_source < 0.8 THEN 'mentoring' WHEN b.r_source < 0.9 THEN 'webinar'
                 ELSE 'other' END,
            '',
            CASE WHEN b.r_status < 0.72 THEN 'confirmed' WHEN b.r_status < 0.9 THEN 'submitted'
                 ELSE 'rejected' END,
            CASE WHEN b.r_status >= 0.9 THEN 'Не подтверждено организацией' ELSE '' END,
            NULL,
            CASE WHEN b.r_status < 0.72 OR b.r_status >= 0.9
                 THEN (b.day + 2 + time '12:00') AT TIME ZONE %(zone)s END,
            NULL, (b.day + time '18:00') AT TIME ZONE %(zone)s
        FROM (
            SELECT l.id AS user_id, l.region_id, r.*
            FROM (
                SELECT 1 + floor(power(random(), 1.5) * %(volunteers)s)::int AS learner,
                    random() AS r_org, random() AS r_source, random() AS r_status,
                    floor(random() * 9)::int AS k, 1 + floor(random() * %(orgs)s)::int AS n,
                    current_date - floor(random() * %(days)s)::int AS day,
                    30 * (1 + floor(random() * 12)::int) AS minutes
                FROM generate_series(1, %(hours)s) AS g
                OFFSET 0
            ) AS r
            JOIN bench_learner l ON l.n = r.learner
        ) AS b
        LEFT JOIN bench_org own ON own.region_id = b.region_id AND own.k = b.k
        JOIN bench_org anywhere ON anywhere.n = b.n
        ORDER BY b.day
        """,
        {
            "zone": ZONE,
            "orgs": len(REGIONS) * len(ORGANISATION_KINDS),
            "days": DAYS,
            "hours": sizes.hours,
            "volunteers": max(1, sizes.users // 2),
        },
    )


def create_webinars(sizes: Sizes) -> None:
    """Webinars over two years and the next two months (4 % cancelled), most for the cohort
    of their quarter, and 5–25 learners present at each one held."""
    execute(
        """
        INSERT INTO courses_webinar (uid, title, description, starts_at, duration_minutes,
            capacity, meeting_url, recording_url, materials, status, sequence, hours_recorded,
            created_at, updated_at, cohort_id, course_id, trainer_id)
        SELECT gen_random_uuid(), 'Вебинар ' || b.g, '', b.starts_at, 90, NULL,
            'https://meet.example.org/' || b.g, '', '',
            CASE WHEN b.r_status < 0.04 THEN 'cancelled' ELSE 'scheduled' END, 0, false,
            b.starts_at - interval '14 days', b.starts_at - interval '14 days',
            CASE WHEN b.r_cohort < 0.7 THEN h.id END, c.id, t.id
        FROM (
            SELECT g, now() + (60 - random() * (%(days)s + 60)) * interval '1 day' AS starts_at,
                random() AS r_status, random() AS r_cohort,
                floor(random() * %(courses)s)::int AS course_idx,
                1 + floor(random() * %(trainers)s)::int AS trainer
            FROM generate_series(1, %(webinars)s) AS g OFFSET 0
        ) AS b
        JOIN bench_course c ON c.idx = b.course_idx
        JOIN bench_cohort h ON h.course_idx = b.course_idx AND h.k = least(%(cohorts)s - 1,
            greatest(0, floor(extract(epoch FROM now() - b.starts_at) / 86400
                * %(cohorts)s / %(days)s)::int))
        JOIN bench_trainer t ON t.n = b.trainer
        ORDER BY b.starts_at
        """,
        {
            "days": DAYS,
            "courses": COURSES,
            "trainers": sizes.trainers,
            "webinars": sizes.webinars,
            "cohorts": COHORTS_PER_COURSE,
        },
    )
    execute(
        """
        INSERT INTO courses_attendance (webinar_id, user_id, joined_at, left_at, minutes, source,
            marked_by_id, marked_at)
        SELECT w.id, l.id, NULL, NULL, 30 + mod(w.id * 7 + k, 61), 'roster', NULL,
            w.starts_at + interval '2 hours'
        FROM courses_webinar w
        CROSS JOIN generate_series(1, 25) AS k
        JOIN bench_learner l ON l.n = 1 + mod(w.id * 7919 + k * 104729, %(users)s)
        WHERE w.starts_at < now() AND w.status = 'scheduled' AND k <= 5 + mod(w.id * 13, 21)
        ON CONFLICT DO NOTHING
        """,
        {"users": sizes.users},
    )


def create_certificates() -> None:
    """A certificate for 92 % of the completed enrolments, ten minutes after completion,
    numbered within its year; 2 % revoked later."""
    execute(
        """
        INSERT INTO certificates_certificate (serial, year, number, code, enrolment_id,
            course_id, cohort_id, region_id, recipient_name, course_title, hours, completed_on,
            issuer_name, language, valid_until, recipient_salt, recipient_hash, revision,
            issued_at, pdf, sha256, status, revoked_at, revoked_reason, user_id, template_id)
        SELECT 'VD-' || y || '-' || lpad(number::text, 6, '0'), y, number,
            md5('certificate ' || enrolment_id), enrolment_id, course_id, cohort_id, region_id,
            full_name, title, 6.0, (completed_at AT TIME ZONE %(zone)s)::date,
            'Вектор добровольчества', 'ru', NULL, '', '', 1, issued_at, '', '',
            CASE WHEN revoked THEN 'revoked' ELSE 'issued' END,
            CASE WHEN revoked THEN least(now(), issued_at + interval '30 days') END, '',
            user_id, NULL
        FROM (
            SELECT s.*, row_number() OVER (PARTITION BY y ORDER BY issued_at) AS number
            FROM (
                SELECT p.enrolment_id, p.course_id, p.cohort_id, u.region_id, u.full_name,
                    c.title, p.completed_at, p.user_id,
                    p.completed_at + interval '10 minutes' AS issued_at,
                    extract(year FROM p.completed_at + interval '10 minutes')::int AS y,
                    random() < 0.02 AS revoked
                FROM bench_plan p
                JOIN accounts_user u ON u.id = p.user_id
                JOIN bench_course c ON c.idx = p.course_idx
                WHERE p.completed_at IS NOT NULL AND random() < 0.92
            ) AS s
        ) AS numbered
        ORDER BY issued_at
        """,
        {"zone": ZONE},
    )


def create_vouchers(sizes: Sizes, regions: dict[str, Any]) -> None:
    """Three social-credit programmes (two paying in tenge, one in roubles) with two tiers,
    students from the universities, and vouchers: most reach the first tier, a third the
    second; three in five vouchers older than a month are paid."""
    from django.utils import timezone

    from lms.accounts.models import Organisation
    from lms.socialcredit.models import Programme, Tier

    today = timezone.localdate()
    programmes = []
    for code, currency in (("KZ-75", "KZT"), ("KZ-35", "KZT"), ("RU-MOW", "RUB")):
        programme = Programme.objects.create(
            title=f"Социальный кредит ({regions[code].name_ru})",
            organisation=Organisation.objects.get(kind="front_office", region=regions[code]),
            starts_on=today - timedelta(days=DAYS),
            ends_on=today + timedelta(days=120),
            currency=currency,
        )
        amount = Decimal(60_000 if currency == "KZT" else 12_000)
        Tier.objects.create(programme=programme, hours=40, amount=amount, credits=2)
        Tier.objects.create(programme=programme, hours=80, amount=amount * 2, credits=4)
        programmes.append(programme)
    execute(
        """
        CREATE TEMP TABLE bench_programme AS
        SELECT ordinality - 1 AS k, p.id, p.title, p.currency, t1.id AS tier1, t1.amount AS amount1,
            t2.id AS tier2, t2.amount - t1.amount AS amount2
        FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS x (id)
        JOIN socialcredit_programme p ON p.id = x.id
        JOIN socialcredit_tier t1 ON t1.programme_id = p.id AND t1.hours = 40
        JOIN socialcredit_tier t2 ON t2.programme_id = p.id AND t2.hours = 80
        """,
        {"ids": [p.pk for p in programmes]},
    )
    execute(
        """
        INSERT INTO socialcredit_participation (user_id, programme_id, university_id,
            student_id, created_at)
        SELECT l.id, p.id, o.id, 'S-' || g, now() - interval '700 days'
        FROM generate_series(1, %(students)s) AS g
        JOIN bench_learner l ON l.n = g
        JOIN bench_programme p ON p.k = mod(g, 3)
        JOIN bench_org o ON o.kind = 'university' AND o.region_id = (
            SELECT id FROM bench_region WHERE k = mod(g * 7, %(regions)s))
        """,
        {"students": sizes.students, "regions": len(REGIONS)},
    )
    execute(
        """
        INSERT INTO certificates_voucher (serial, year, number, code, user_id, participation_id,
            programme_id, tier_id, tier_hours, amount, credits, currency, confirmed_minutes,
            recipient_name, student_id, university_id, university_name, programme_title,
            issuer_name, host_names, supervisor_names, period_start, period_end, language, pdf,
            sha256, statement_pdf, statement_sha256, status, paid_at, paid_by_id, notified_at,
            created_at)
        SELECT 'SK-' || y || '-' || lpad(number::text, 6, '0'), y, number,
            md5('voucher ' || participation_id || ' ' || tier_id), user_id, participation_id,
            programme_id, tier_id, tier_hours, amount, 2, currency, tier_hours * 60,
            'Студент', student_id, university_id, 'Университет', title, 'Вектор',
            '[]'::jsonb, '[]'::jsonb, (created_at - interval '120 days')::date,
            created_at::date, 'ru', '', '', '', '',
            CASE WHEN paid_at IS NULL THEN 'issued' ELSE 'paid' END, paid_at, NULL, NULL,
            created_at
        FROM (
            SELECT v.*, row_number() OVER (PARTITION BY y ORDER BY created_at) AS number
            FROM (
                SELECT t.*, extract(year FROM t.created_at)::int AS y,
                    CASE WHEN t.r_paid < 0.6 AND t.created_at < now() - interval '30 days'
                        THEN t.created_at + (5 + t.r_paid * 90) * interval '1 day' END AS paid_at
                FROM (
                    SELECT s.id AS participation_id, s.user_id, s.programme_id, s.student_id,
                        s.university_id, p.title, p.currency, tier.*,
                        now() - (random() * %(days)s) * interval '1 day' AS created_at,
                        random() AS r_paid
                    FROM socialcredit_participation s
                    JOIN bench_programme p ON p.id = s.programme_id
                    CROSS JOIN LATERAL (VALUES (p.tier1, 40, p.amount1, 0.7),
                        (p.tier2, 80, p.amount2, 0.35)) AS tier (tier_id, tier_hours, amount, share)
                    WHERE random() < tier.share
                ) AS t
            ) AS v
        ) AS numbered
        ORDER BY numbered.created_at
        """,
        {"days": DAYS},
    )


def create_mentoring(sizes: Sizes, regions: dict[str, Any], directions: list[Any]) -> None:
    """Four mentoring programmes; as many mentors as children, each child in a children's
    home of some region, one match each: half active, 30 % closed, the rest proposed or
    cancelled; meetings every 6–12 days and coordinators' check-ins with both sides (two in
    the first month, then every four weeks) while a match runs, except that a quarter of the
    matches have had no meeting for weeks and a fifth no check-in (at risk)."""
    from lms.accounts.models import Organisation
    from mentorship.models import MentoringProgramme

    programmes = [
        MentoringProgramme.objects.create(
            title=f"Наставничество ({regions[code].name_ru})",
            organisation=Organisation.objects.get(
                kind="ngo", region=regions[code], name__contains="Добрые"
            ),
            direction=directions[2],
        )
        for code in ("KZ-75", "KZ-71", "KZ-35", "RU-SPE")
    ]
    params = {
        "ids": [p.pk for p in programmes],
        "matches": sizes.matches,
        "regions": len(REGIONS),
        "users": sizes.users,
    }
    execute(
        "CREATE TEMP TABLE bench_mentoring AS SELECT ordinality - 1 AS k, id"
        " FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS x (id)",
        params,
    )
    execute(
        """
        INSERT INTO mentorship_mentor (programme_id, user_id, status, motivation, experience,
            availability, city, phone, applied_at, decided_by_id, decided_at, decline_reason)
        SELECT p.id, l.id, 'active', 'Хочу помогать детям', '', '', 'Алматы', '',
            now() - interval '800 days', NULL, NULL, ''
        FROM generate_series(1, %(matches)s) AS g
        JOIN bench_learner l ON l.n = %(users)s + 1 - g
        JOIN bench_mentoring p ON p.k = mod(g, 4)
        ORDER BY g
        """,
        params,
    )
    execute(
        """
        INSERT INTO mentorship_mentee (programme_id, code, age_band, institution_id, interests,
            coordinator_notes, is_active, created_by_id, created_at)
        SELECT p.id, 'M' || lpad(b.g::text, 7, '0'), '10-13', o.id, '', '', true, NULL,
            now() - interval '800 days'
        FROM (
            SELECT g, floor(power(random(), 1.3) * %(regions)s)::int AS region_k
            FROM generate_series(1, %(matches)s) AS g OFFSET 0
        ) AS b
        JOIN bench_mentoring p ON p.k = mod(b.g, 4)
        JOIN bench_region r ON r.k = b.region_k
        JOIN bench_org o ON o.region_id = r.id AND o.kind = 'childrens_home'
        ORDER BY b.g
        """,
        params,
    )
    execute(
        """
        INSERT INTO mentorship_match (programme_id, mentor_id, mentee_id, status, note,
            proposed_by_id, proposed_at, started_on, planned_end_on, consent_by, consent_on,
            consent_note, closed_on, closure, reason, exit_note, closed_by_id)
        SELECT b.programme_id, b.mentor_id, b.mentee_id, b.status, '', NULL,
            coalesce(b.started_on, current_date - 5)::timestamp AT TIME ZONE %(zone)s
                - interval '10 days',
            b.started_on, b.started_on + 365,
            CASE WHEN b.started_on IS NULL THEN '' ELSE 'institution' END, b.started_on, '',
            b.closed_on, CASE WHEN b.closed_on IS NULL THEN '' ELSE 'planned' END,
            CASE WHEN b.closed_on IS NULL THEN '' ELSE 'term_ended' END, '', NULL
        FROM (
            SELECT a.*,
                CASE WHEN a.status = 'closed'
                    THEN least(current_date - 1, a.started_on + 60 + floor(a.r * 300)::int)
                    END AS closed_on
            FROM (
                SELECT m.programme_id, m.id AS mentor_id, e.id AS mentee_id, m.r,
                    CASE WHEN m.r < 0.5 THEN 'active' WHEN m.r < 0.8 THEN 'closed'
                         WHEN m.r < 0.92 THEN 'proposed' ELSE 'cancelled' END AS status,
                    CASE WHEN m.r < 0.5 THEN current_date - floor(m.r2 * 540)::int
                         WHEN m.r < 0.8 THEN current_date - 60 - floor(m.r2 * 600)::int
                         END AS started_on
                FROM (SELECT row_number() OVER (ORDER BY id) AS g, id, programme_id,
                          random() AS r, random() AS r2
                      FROM mentorship_mentor) AS m
                JOIN (SELECT row_number() OVER (ORDER BY id) AS g, id FROM mentorship_mentee) AS e
                    ON e.g = m.g
            ) AS a
        ) AS b
        """,
        {**params, "zone": ZONE},
    )
    # Meetings every 6–12 days until the match closed, or until today (or, for a quarter of
    # the active ones, until some weeks ago: they are at risk).
    execute(
        """
        INSERT INTO mentorship_session (match_id, logged_by_id, date, minutes, mode, activities,
            activities_other, mood, note, hours_entry_id, logged_at)
        SELECT m.id, mentor.user_id, s.day, 60 + 30 * mod(k, 3),
            CASE WHEN mod(k, 4) = 0 THEN 'online' ELSE 'in_person' END, '["talk"]'::jsonb, '',
            3 + mod(k, 3), '', NULL, (s.day + time '20:00') AT TIME ZONE %(zone)s
        FROM mentorship_match m
        JOIN mentorship_mentor mentor ON mentor.id = m.mentor_id
        CROSS JOIN LATERAL (SELECT 6 + mod(m.id * 5, 7)::int AS every,
            coalesce(m.closed_on, CASE WHEN mod(m.id, 4) = 0
                THEN current_date - 15 - mod(m.id, 40)::int ELSE current_date END) AS until) AS p
        CROSS JOIN LATERAL generate_series(1, 120) AS k
        CROSS JOIN LATERAL (SELECT m.started_on + k * p.every AS day) AS s
        WHERE m.started_on IS NOT NULL AND s.day <= p.until
        ORDER BY s.day
        """,
        {"zone": ZONE},
    )
    execute(
        """
        INSERT INTO mentorship_checkin (match_id, date, with_whom, channel, note,
            recorded_by_id, recorded_at)
        SELECT m.id, c.day, side.with_whom, 'phone', '', NULL,
            (c.day + time '12:00') AT TIME ZONE %(zone)s
        FROM mentorship_match m
        CROSS JOIN LATERAL generate_series(0, 30) AS k
        CROSS JOIN LATERAL (SELECT m.started_on
            + CASE WHEN k < 2 THEN 7 + 14 * k ELSE 21 + 28 * (k - 1) END AS day) AS c
        CROSS JOIN (VALUES ('mentor'), ('child_side')) AS side (with_whom)
        WHERE m.started_on IS NOT NULL AND c.day <= coalesce(m.closed_on,
            CASE WHEN mod(m.id, 5) = 0 THEN current_date - 45 ELSE current_date END)
        ORDER BY c.day
        """,
        {"zone": ZONE},
    )


def row_counts() -> dict[str, int]:
    tables = {
        "regions": "accounts_region",
        "organisations": "accounts_organisation",
        "users": "accounts_user",
        "memberships": "accounts_membership",
        "courses": "courses_coursepage",
        "lessons": "courses_lessonpage",
        "cohorts": "courses_cohort",
        "enrolments": "courses_enrolment",
        "lesson_progress": "courses_lessonprogress",
        "hours_entries": "hours_hoursentry",
        "webinars": "courses_webinar",
        "attendance": "courses_attendance",
        "certificates": "certificates_certificate",
        "participations": "socialcredit_participation",
        "vouchers": "certificates_voucher",
        "mentoring_matches": "mentorship_match",
        "mentoring_sessions": "mentorship_session",
        "checkins": "mentorship_checkin",
    }
    sql = " UNION ALL ".join(
        f"SELECT '{key}', count(*) FROM {table}"  # noqa: S608 - names from the list above
        for key, table in tables.items()
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(cursor.fetchall())
    return {key: counts[key] for key in tables}


# --- The viewers and their query -----------------------------------------------------------------


@dataclass
class Viewer:
    name: str
    user: Any
    params: dict[str, str]  # the dashboard's GET parameters
    query: Any  # the ReportQuery the view builds from them
    regions: list[Any]  # the viewer's regions (selectors.options)


def viewer(name: str) -> Viewer:
    """The viewer and the query the dashboard builds for them for the last twelve months,
    through the view's own form."""
    from lms.accounts.models import User
    from lms.reports import selectors, services
    from lms.reports.forms import ReportFilterForm

    user = User.objects.get(email=EMAIL.format(name))
    today, zone = services.today_and_zone(user)
    params = {"start": (today - timedelta(days=364)).isoformat(), "end": today.isoformat()}
    scope = selectors.scope_of(user)
    options = selectors.options(scope)
    form = ReportFilterForm(params, options=options, scope=scope)
    if not form.is_valid():
        sys.exit(f"The filters of {name} are refused: {form.errors.as_json()}")
    return Viewer(
        name=name,
        user=user,
        params=params,
        query=form.query(today=today, time_zone=zone),
        regions=options.regions,
    )


# --- The raw SQL -------------------------------------------------------------------------------


def in_period(column: str) -> str:
    return f"({column} >= %(start)s AND {column} < %(end)s)"


def on_days(column: str) -> str:
    return f"({column} BETWEEN %(first)s AND %(last)s)"


def region_filter(expression: str, query: Any) -> str:
    return "" if query.region_ids is None else f" AND {expression} = ANY(%(regions)s)"


ENROLMENT_REGION = "coalesce(c.region_id, u.region_id)"


def learning_sql(query: Any) -> str:
    """Enrolments, completions, completion rate and median days, by region, by course and
    in all (one statement)."""
    period = f"{in_period('e.enrolled_at')} OR {in_period('e.completed_at')}"
    return f"""
        SELECT grouping(x.region, x.course_id) AS level, x.region, x.course_id,
            min(p.title) AS title, min(cp.language) AS language,
            count(*) FILTER (WHERE x.enrolled) AS enrolments,
            count(*) FILTER (WHERE x.enrolled AND x.completed_at IS NOT NULL) AS enrolled_completed,
            count(*) FILTER (WHERE x.completed) AS completions,
            percentile_cont(0.5) WITHIN GROUP (
                ORDER BY extract(epoch FROM x.completed_at - x.enrolled_at) / 86400.0
            ) FILTER (WHERE x.completed) AS median_days
        FROM (
            SELECT e.course_id, e.enrolled_at, e.completed_at,
                {ENROLMENT_REGION} AS region,
                {in_period("e.enrolled_at")} AS enrolled,
                {in_period("e.completed_at")} AS completed
            FROM courses_enrolment e
            JOIN accounts_user u ON u.id = e.user_id
            LEFT JOIN courses_cohort c ON c.id = e.cohort_id
            WHERE ({period}){region_filter(ENROLMENT_REGION, query)}
        ) AS x
        LEFT JOIN wagtailcore_page p ON p.id = x.course_id
        LEFT JOIN courses_coursepage cp ON cp.page_ptr_id = x.course_id
        GROUP BY GROUPING SETS ((x.region), (x.course_id), ())
    """  # noqa: S608 - the values are parameters


def timeline_sql(query: Any) -> str:
    """Enrolments and completions by month (or day) of the period (one statement)."""
    unit = "month" if query.monthly else "day"
    source = """
        FROM courses_enrolment e
        JOIN accounts_user u ON u.id = e.user_id
        LEFT JOIN courses_cohort c ON c.id = e.cohort_id
    """
    regions = region_filter(ENROLMENT_REGION, query)
    return f"""
        SELECT bucket, sum(enrolled) AS enrolments, sum(completed) AS completions FROM (
            SELECT date_trunc('{unit}', e.enrolled_at AT TIME ZONE %(zone)s) AS bucket,
                1 AS enrolled, 0 AS completed
            {source} WHERE {in_period("e.enrolled_at")}{regions}
            UNION ALL
            SELECT date_trunc('{unit}', e.completed_at AT TIME ZONE %(zone)s), 0, 1
            {source} WHERE {in_period("e.completed_at")}{regions}
        ) AS t GROUP BY bucket
    """  # noqa: S608 - the values are parameters


def progress_sql(query: Any) -> str:
    """Lessons completed in the period and the learners who completed them (one statement)."""
    return f"""
        SELECT grouping(x.region) AS level, x.region, count(*) AS lessons,
            count(DISTINCT x.user_id) AS learners
        FROM (
            SELECT {ENROLMENT_REGION} AS region, e.user_id
            FROM courses_lessonprogress lp
            JOIN courses_enrolment e ON e.id = lp.enrolment_id
            JOIN accounts_user u ON u.id = e.user_id
            LEFT JOIN courses_cohort c ON c.id = e.cohort_id
            WHERE {in_period("lp.completed_at")}{region_filter(ENROLMENT_REGION, query)}
        ) AS x
        GROUP BY GROUPING SETS ((x.region), ())
    """  # noqa: S608 - the values are parameters


def webinars_sql(query: Any) -> str:
    """Webinars held, their attendance and the trainers who held them (one statement)."""
    region = "coalesce(c.region_id, t.region_id)"
    return f"""
        SELECT grouping(w.region) AS level, w.region, count(DISTINCT w.id) AS held,
            count(a.id) AS attendances, count(DISTINCT a.user_id) AS attendees,
            count(DISTINCT w.trainer_id) AS trainers
        FROM (
            SELECT w.id, w.trainer_id, {region} AS region
            FROM courses_webinar w
            JOIN accounts_user t ON t.id = w.trainer_id
            LEFT JOIN courses_cohort c ON c.id = w.cohort_id
            WHERE w.status = 'scheduled' AND {in_period("w.starts_at")} AND w.starts_at < now()
                {region_filter(region, query)}
        ) AS w
        LEFT JOIN courses_attendance a ON a.webinar_id = w.id
        GROUP BY GROUPING SETS ((w.region), ())
    """  # noqa: S608 - the values are parameters


def certificates_sql(query: Any) -> str:
    """Certificates issued in the period and those of them revoked since, by region and in
    all (one statement)."""
    region = "coalesce(c.region_id, cert.region_id)"
    return f"""
        SELECT grouping(x.region) AS level, x.region, count(*) AS issued,
            count(*) FILTER (WHERE x.status = 'revoked') AS revoked
        FROM (
            SELECT {region} AS region, cert.status
            FROM certificates_certificate cert
            LEFT JOIN courses_cohort c ON c.id = cert.cohort_id
            WHERE {in_period("cert.issued_at")}{region_filter(region, query)}
        ) AS x
        GROUP BY GROUPING SETS ((x.region), ())
    """  # noqa: S608 - the values are parameters


def hours_sql(query: Any) -> str:
    """Confirmed volunteer hours of the period by source, by region and in all (one
    statement)."""
    region = "coalesce(o.region_id, u.region_id)"
    return f"""
        SELECT grouping(x.source, x.region) AS level, x.source, x.region,
            sum(x.minutes) AS minutes, count(*) AS entries, count(DISTINCT x.user_id) AS people
        FROM (
            SELECT h.source, {region} AS region, h.minutes, h.user_id
            FROM hours_hoursentry h
            JOIN accounts_user u ON u.id = h.user_id
            LEFT JOIN accounts_organisation o ON o.id = h.organisation_id
            WHERE h.status = 'confirmed' AND {on_days("h.date")}{region_filter(region, query)}
        ) AS x
        GROUP BY GROUPING SETS ((x.source), (x.region), ())
    """  # noqa: S608 - the values are parameters


def vouchers_sql(query: Any) -> str:
    """Vouchers issued and paid in the period by region, and by currency with their amounts
    and credits (one statement)."""
    paid = f"v.status = 'paid' AND {in_period('v.paid_at')}"
    return f"""
        SELECT grouping(x.region) AS level, x.region, x.currency,
            count(*) FILTER (WHERE x.issued) AS issued,
            sum(x.amount) FILTER (WHERE x.issued) AS issued_amount,
            count(*) FILTER (WHERE x.paid) AS paid,
            sum(x.amount) FILTER (WHERE x.paid) AS paid_amount,
            sum(x.credits) FILTER (WHERE x.issued) AS credits
        FROM (
            SELECT o.region_id AS region, v.currency, v.amount, v.credits,
                {in_period("v.created_at")} AS issued, coalesce({paid}, false) AS paid
            FROM certificates_voucher v
            JOIN accounts_organisation o ON o.id = v.university_id
            WHERE ({in_period("v.created_at")} OR ({paid})){region_filter("o.region_id", query)}
        ) AS x
        GROUP BY GROUPING SETS ((x.region), (x.currency))
    """  # noqa: S608 - the values are parameters


# ``mentorship.selectors.with_risk`` as plain SQL: a match is at risk on ``today`` when it
# went too long without a meeting, had too few in the last 30 days, or a check-in (with the
# mentor or the child's side) is overdue.
OVERDUE = """CASE WHEN {n} < h.per_month AND ({since} IS NULL OR {since} > h.running - 31)
    THEN (h.running - 1) * h.per_month >= greatest({n} + 1,
        coalesce((h.running - {since}) * h.per_month / 30 + 1, 0)) * 30
    ELSE least(coalesce({since}, h.running), h.running) > h.interval_days END"""
AT_RISK = f"""coalesce(least(coalesce(h.since_session, h.running), h.running)
        > h.alert_after_days, false)
    OR coalesce(h.running >= 30 AND h.meetings_30 < h.meetings_per_month, false)
    OR coalesce({OVERDUE.format(n="h.mentor_n", since="h.since_mentor")}, false)
    OR coalesce({OVERDUE.format(n="h.child_n", since="h.since_child")}, false)"""


def mentoring_sql(query: Any) -> str:
    """Matches active and at risk on the report's day, started and closed in the period,
    by programme and region, and the period's sessions by programme (one statement)."""
    regions = region_filter("o.region_id", query)
    return f"""
        WITH m AS (
            SELECT m.id, m.programme_id, m.status, m.started_on, m.closed_on,
                o.region_id AS region, pr.title, pr.alert_after_days, pr.meetings_per_month,
                pr.checkins_first_month AS per_month, pr.checkin_interval_days AS interval_days,
                %(today)s::date - m.started_on AS running
            FROM mentorship_match m
            JOIN mentorship_mentee me ON me.id = m.mentee_id
            JOIN accounts_organisation o ON o.id = me.institution_id
            JOIN mentorship_mentoringprogramme pr ON pr.id = m.programme_id
            WHERE (m.status = 'active' OR {on_days("m.started_on")}
                OR (m.status = 'closed' AND {on_days("m.closed_on")})){regions}
        ), h AS (
            SELECT m.*, s.meetings_30, %(today)s::date - s.last_session AS since_session,
                k.mentor_n, %(today)s::date - k.mentor_last AS since_mentor,
                k.child_n, %(today)s::date - k.child_last AS since_child
            FROM m
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE date > %(today)s::date - 30) AS meetings_30,
                    max(date) AS last_session
                FROM mentorship_session WHERE match_id = m.id AND date <= %(today)s
            ) AS s
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE with_whom = 'mentor') AS mentor_n,
                    max(date) FILTER (WHERE with_whom = 'mentor') AS mentor_last,
                    count(*) FILTER (WHERE with_whom = 'child_side') AS child_n,
                    max(date) FILTER (WHERE with_whom = 'child_side') AS child_last
                FROM mentorship_checkin WHERE match_id = m.id AND date <= %(today)s
            ) AS k
        )
        SELECT 'matches' AS kind, h.programme_id, min(h.title) AS title, h.region,
            count(*) FILTER (WHERE h.status = 'active') AS active,
            count(*) FILTER (WHERE h.status = 'active' AND ({AT_RISK})) AS at_risk,
            count(*) FILTER (WHERE {on_days("h.started_on")}) AS started,
            count(*) FILTER (WHERE h.status = 'closed' AND {on_days("h.closed_on")}) AS closed,
            0 AS sessions, 0 AS minutes
        FROM h GROUP BY h.programme_id, h.region
        UNION ALL
        SELECT 'sessions', m.programme_id, min(pr.title), NULL, 0, 0, 0, 0, count(*),
            sum(s.minutes)
        FROM mentorship_session s
        JOIN mentorship_match m ON m.id = s.match_id
        JOIN mentorship_mentee me ON me.id = m.mentee_id
        JOIN accounts_organisation o ON o.id = me.institution_id
        JOIN mentorship_mentoringprogramme pr ON pr.id = m.programme_id
        WHERE {on_days("s.date")}{regions}
        GROUP BY m.programme_id
    """  # noqa: S608 - the values are parameters


# The raw statements of each dashboard section (by the section's key).
RAW_SQL: dict[str, list[tuple[str, Callable[[Any], str]]]] = {
    "learning": [
        ("learning", learning_sql),
        ("timeline", timeline_sql),
        ("progress", progress_sql),
    ],
    "webinars": [("webinars", webinars_sql)],
    "certificates": [("certificates", certificates_sql)],
    "hours": [("hours", hours_sql)],
    "vouchers": [("vouchers", vouchers_sql)],
    "mentoring": [("mentoring", mentoring_sql)],
}


@dataclass
class RawReport:
    """The raw statements for one query, and a way to run them all."""

    statements: list[tuple[str, str]]  # (name, SQL)
    params: dict[str, Any]
    uncovered: list[str]  # dashboard sections the raw SQL does not compute
    seconds: dict[str, list[float]] = field(default_factory=dict)  # per statement, per run

    def run(self, cursor: Any) -> dict[str, list[tuple]]:
        results = {}
        for name, sql in self.statements:
            started = time.perf_counter()
            cursor.execute(sql, self.params)
            results[name] = cursor.fetchall()
            self.seconds.setdefault(name, []).append(time.perf_counter() - started)
        return results

    def named(self, cursor: Any) -> dict[str, list[dict[str, Any]]]:
        """One run, its rows as dictionaries (for the comparison; not timed)."""
        results = {}
        for name, sql in self.statements:
            cursor.execute(sql, self.params)
            columns = [column.name for column in cursor.description]
            results[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return results


def raw_report(query: Any, section_keys: list[str]) -> RawReport:
    statements = [
        (name, make(query)) for key in section_keys for name, make in RAW_SQL.get(key, [])
    ]
    params = {
        "start": query.start_at,
        "end": query.end_at,
        "first": query.start,
        "last": query.end,
        "today": query.today,
        "zone": query.time_zone,
        "regions": sorted(query.region_ids) if query.region_ids is not None else None,
    }
    return RawReport(
        statements=statements,
        params=params,
        uncovered=[key for key in section_keys if key not in RAW_SQL],
    )


def raw_connection() -> Any:
    """A plain psycopg connection to the same database: no ORM, no prepared statements."""
    import psycopg
    from django.db import connection

    settings_dict = connection.settings_dict
    return psycopg.connect(
        **connection_options(settings_dict, str(settings_dict["NAME"])),
        autocommit=True,
        prepare_threshold=None,
    )


# --- Comparing the raw figures with the dashboard's --------------------------------------------


def rate(part: int | None, whole: int | None) -> float | None:
    return round(100.0 * (part or 0) / whole, 1) if whole else None


def days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def raw_figures(results: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """What the raw results say, under the keys the providers give their figures and region
    columns (``"region:<column>"`` maps region ids to values)."""
    found: dict[str, Any] = {}

    def regions(rows: list[dict[str, Any]], key: str, make: Callable[[dict], Any]) -> None:
        values = {row["region"]: make(row) for row in rows}
        found[f"region:{key}"] = {k: v for k, v in values.items() if v}

    if "learning" in results:
        rows = results["learning"]
        total = next((r for r in rows if r["level"] == 3), {})
        by_region = [r for r in rows if r["level"] == 1]
        found["enrolments"] = total.get("enrolments", 0)
        found["completions"] = total.get("completions", 0)
        found["completion_rate"] = rate(total.get("enrolled_completed"), total.get("enrolments"))
        found["median_days"] = days(total.get("median_days"))
        regions(by_region, "enrolments", lambda r: r["enrolments"])
        regions(by_region, "completions", lambda r: r["completions"])
        regions(
            by_region, "completion_rate", lambda r: rate(r["enrolled_completed"], r["enrolments"])
        )
        regions(by_region, "median_days", lambda r: days(r["median_days"]))
    if "progress" in results:
        rows = results["progress"]
        total = next((r for r in rows if r["level"] == 1), {})
        found["lessons_completed"] = total.get("lessons", 0)
        found["active_learners"] = total.get("learners", 0)
        regions([r for r in rows if r["level"] == 0], "active_learners", lambda r: r["learners"])
    if "webinars" in results:
        rows = results["webinars"]
        total = next((r for r in rows if r["level"] == 1), {})
        found["webinars_held"] = total.get("held", 0)
        found["attendances"] = total.get("attendances", 0)
        found["attendees"] = total.get("attendees", 0)
        found["trainers_active"] = total.get("trainers", 0)
        by_region = [r for r in rows if r["level"] == 0]
        regions(by_region, "webinars_held", lambda r: r["held"])
        regions(by_region, "attendances", lambda r: r["attendances"])
        regions(by_region, "trainers_active", lambda r: r["trainers"])
    if "certificates" in results:
        rows = results["certificates"]
        total = next((r for r in rows if r["level"] == 1), {})
        found["certificates_issued"] = total.get("issued", 0)
        found["certificates_revoked"] = total.get("revoked", 0)
        regions([r for r in rows if r["level"] == 0], "certificates_issued", lambda r: r["issued"])
    if "vouchers" in results:
        rows = results["vouchers"]
        by_region = [r for r in rows if r["level"] == 0]
        found["vouchers_issued"] = sum(r["issued"] for r in by_region)
        found["vouchers_paid"] = sum(r["paid"] for r in by_region)
        regions(by_region, "vouchers_issued", lambda r: r["issued"])
        regions(by_region, "vouchers_paid", lambda r: r["paid"])
    if "hours" in results:
        rows = results["hours"]
        total = next((r for r in rows if r["level"] == 3), {})
        found["hours_confirmed"] = hours(total.get("minutes"))
        found["hours_people"] = total.get("people", 0)
        regions(
            [r for r in rows if r["level"] == 2], "hours_confirmed", lambda r: hours(r["minutes"])
        )
    if "mentoring" in results:
        rows = results["mentoring"]
        for name in ("active", "at_risk", "started", "closed"):
            found[f"matches_{name}"] = sum(r[name] for r in rows)
        found["mentoring_hours"] = hours(sum(r["minutes"] or 0 for r in rows))
        for name in ("active", "at_risk"):
            values: dict[Any, int] = {}
            for row in rows:
                if row["kind"] == "matches" and row[name]:
                    values[row["region"]] = values.get(row["region"], 0) + row[name]
            found[f"region:matches_{name}"] = values
    return found


def dashboard_figures(board: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for section in board.sections:
        for figure in section.figures:
            found[figure.key] = figure.value
        for column in section.region_columns:
            found[f"region:{column.column.key}"] = {k: v for k, v in column.values.items() if v}
    return found


def same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal):
        return abs(float(a) - float(b)) < 0.051  # one decimal place, either way rounded
    return a == b


def compare(raw: dict[str, Any], board: dict[str, Any]) -> tuple[int, list[str]]:
    keys = sorted(raw.keys() & board.keys())
    mismatches = [
        f"{key}: raw {raw[key]!r}, dashboard {board[key]!r}"
        for key in keys
        if not same(raw[key], board[key])
    ]
    return len(keys), mismatches


# --- Measuring ---------------------------------------------------------------------------------


@dataclass
class Samples:
    """Wall-clock and CPU seconds (of this process: Python, not the database) of each run."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, function: Callable[[], Any]) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        function()
        self.wall.append(time.perf_counter() - started)
        self.cpu.append(time.process_time() - cpu)

    @property
    def median(self) -> float:
        return milliseconds(statistics.median(self.wall))

    @property
    def p95(self) -> float:
        return milliseconds(percentile(self.wall, 0.95))

    @property
    def cpu_median(self) -> float:
        return milliseconds(statistics.median(self.cpu))


def sql_ms(captured: list[dict]) -> float:
    return round(sum(float(query["time"]) for query in captured) * 1000, 1)


def slowest(captured: list[dict], count: int = 3) -> list[dict[str, Any]]:
    """The slowest captured queries: milliseconds and the start of their SQL."""
    ordered = sorted(captured, key=lambda query: float(query["time"]), reverse=True)
    return [
        {"ms": round(float(query["time"]) * 1000, 1), "sql": query["sql"][:160]}
        for query in ordered[:count]
    ]


def measure(who: Viewer, runs: int, raw_cursor: Any) -> tuple[dict[str, Any], list[dict]]:
    """The dashboard page, the selector and the raw SQL for one viewer, interleaved."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from lms.reports import selectors

    client = Client()
    client.force_login(who.user)
    url = reverse("reports:dashboard")

    def page() -> None:
        response = client.get(url, who.params)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code} to {who.name}, not 200")

    def selector() -> Any:
        return selectors.dashboard(who.query, who.regions)

    board = selector()
    raw = raw_report(who.query, [section.key for section in board.sections])

    def raw_run() -> Any:
        return raw.run(raw_cursor)

    for _warmup in range(WARMUP):
        page()
        selector()
        raw_run()
    raw.seconds.clear()
    with CaptureQueriesContext(connection) as page_queries:
        page()
    page_captured = list(page_queries.captured_queries)
    with CaptureQueriesContext(connection) as selector_queries:
        board = selector()
    selector_captured = list(selector_queries.captured_queries)
    checked, mismatches = compare(raw_figures(raw.named(raw_cursor)), dashboard_figures(board))

    load_before = os.getloadavg()[0]
    timings = {"page": Samples(), "selector": Samples(), "raw": Samples()}
    for _run in range(runs):
        timings["page"].time(page)
        timings["selector"].time(selector)
        timings["raw"].time(raw_run)
    shown, alone, hand = timings["page"], timings["selector"], timings["raw"]
    regions = who.query.region_ids
    record = {
        "bench": "reports_dashboard",
        "viewer": who.name,
        "regions": "all" if regions is None else len(regions),
        "period": f"{who.query.start}..{who.query.end}",
        "runs": runs,
        "median_ms": shown.median,
        "p95_ms": shown.p95,
        "cpu_median_ms": shown.cpu_median,
        "queries": len(page_captured),
        "queries_sql_ms": sql_ms(page_captured),
        "selector_median_ms": alone.median,
        "selector_p95_ms": alone.p95,
        "selector_cpu_median_ms": alone.cpu_median,
        "selector_queries": len(selector_captured),
        "selector_sql_ms": sql_ms(selector_captured),
        "raw_median_ms": hand.median,
        "raw_p95_ms": hand.p95,
        "raw_statements": len(raw.statements),
        "raw_statement_median_ms": {
            name: milliseconds(statistics.median(seconds)) for name, seconds in raw.seconds.items()
        },
        "ratio": round(shown.median / hand.median, 2),
        "selector_ratio": round(alone.median / hand.median, 2),
        "sections": [section.key for section in board.sections],
        "raw_uncovered": raw.uncovered,
        "checked": checked,
        "mismatches": mismatches[:10],
        "slowest_queries": slowest(selector_captured),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    return record, selector_captured


def explain(captured: list[dict], count: int) -> None:
    """EXPLAIN ANALYZE the slowest captured queries, on stderr."""
    from django.db import connection

    slowest = sorted(captured, key=lambda q: float(q["time"]), reverse=True)[:count]
    with connection.cursor() as cursor:
        for number, query in enumerate(slowest, 1):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(query["time"]) * 1000
            print(f"--- query {number} ({took:.1f} ms)\n{query['sql']}\n{plan}\n", file=sys.stderr)


# --- Main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    configure_environment(args)

    import django
    from django.test.utils import override_settings

    django.setup()
    # As in the test suite: plain static storage, so that no manifest (collectstatic) is needed.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        try:
            run(args)
        finally:
            if not (args.keep or args.reuse):
                drop_database()


def run(args: argparse.Namespace) -> None:
    sizes = Sizes(args.enrolments, args.progress, args.hours)
    started = time.perf_counter()
    steps = Steps()
    if args.reuse:
        check_database()
    else:
        recreate_database()
        steps.done("migrate")
        seed(sizes, steps)
    emit(
        {
            "bench": "reports_seed",
            "database": database_label(),
            "seeded": not args.reuse,
            **row_counts(),
            "seconds": round(time.perf_counter() - started, 1),
            "steps": steps.seconds,
        }
    )
    with raw_connection() as raw, raw.cursor() as cursor:
        for name in (ADMIN, NATIONAL, REGIONAL):
            record, captured = measure(viewer(name), args.runs, cursor)
            emit(record)
            if name == ADMIN and args.explain:
                explain(captured, args.explain)


if __name__ == "__main__":
    main()
