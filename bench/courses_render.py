"""Rendering time of the course pages over a large catalog, measured in-process.

The script seeds a benchmark database with a large catalog (by default 200 courses, 5,000
lessons, 50,000 enrolments and 1,000,000 lesson-progress rows), then renders four pages through
Django's test client, signed in as a learner with a few enrolments and some progress:

* ``catalog``: the course catalog (``/courses/``, first page of the list);
* ``course``: a course the learner is studying, with the outline and their progress;
* ``lesson``: the next lesson of that course, with the course outline beside it;
* ``dashboard``: the learner's dashboard (``/learning/``).

Each page is requested twice to warm per-process caches, once more to count its SQL queries,
then ``--repeat`` times under ``time.perf_counter``. The whole stack runs (middleware, sessions,
Wagtail's routing, templates) but no HTTP server. It prints one JSON object per line::

    {"bench": "courses_seed", "courses": 200, "lessons": 5000, ..., "seconds": 95.1}
    {"bench": "courses_render", "page": "catalog", "url": "/courses/", "median_ms": ...,
     "p95_ms": ..., "repeat": 30, "queries": ...}

Run it from the project folder against a PostgreSQL database whose name contains "bench" (the
database is created when missing, migrated, and seeded once; later runs only measure)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vektor_bench \\
        .venv/bin/python bench/courses_render.py --repeat 30

``--reseed`` drops and recreates the database first. SQLite is refused unless
``--allow-sqlite`` is given, for a quick try with small sizes, e.g. ``--courses 10 --lessons 100
--enrolments 500 --progress 2000``. Static files are served by Django's plain storage, as in
the test suite, so that no ``collectstatic`` is needed.
"""

import argparse
import itertools
import json
import math
import os
import statistics
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

T = TypeVar("T")

BATCH_SIZE = 10_000
ENROLMENTS_PER_USER = 5
REGIONS = 20
WARMUP = 2
USER_EMAIL = "learner-{:06d}@bench.vektor.local"
BENCH_USER_EMAIL = USER_EMAIL.format(0)
LANGUAGES = ("ru", "kk", "en")


@dataclass(frozen=True)
class Sizes:
    courses: int
    lessons: int
    enrolments: int
    progress: int


@dataclass(frozen=True)
class Target:
    page: str
    url: str


# --- Command line and environment ------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--lessons", type=int, default=5_000)
    parser.add_argument("--enrolments", type=int, default=50_000)
    parser.add_argument("--progress", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the database")
    parser.add_argument("--allow-sqlite", action="store_true", help="permit an SQLite database")
    args = parser.parse_args(argv)
    if min(args.courses, args.repeat) < 1 or args.lessons < args.courses:
        parser.error("give at least one course, one lesson per course and one repeat")
    if args.enrolments < 1 or args.progress < 0:
        parser.error("give at least one enrolment and no negative progress")
    return args


def configure_environment() -> None:
    """Settings come from the environment: point Django at the project, answer the test
    client's host name and keep the log quiet."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the benchmark database (its name must contain 'bench').")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h]
    os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    # WhiteNoise warns that STATIC_ROOT does not exist; the benchmark serves no static file.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


# --- The database itself -----------------------------------------------------------------------


def prepare_database(*, reseed: bool, allow_sqlite: bool) -> None:
    """Refuse unsuitable databases, create (or recreate) the benchmark one and migrate it."""
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        sys.exit(f"Refusing to seed {name!r}: the benchmark database's name must contain 'bench'.")
    if connection.vendor == "sqlite":
        if not allow_sqlite:
            sys.exit("Refusing SQLite: use PostgreSQL, or pass --allow-sqlite for a quick try.")
        if reseed:
            Path(name).unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        create_postgres_database(connection.settings_dict, drop=reseed)
    else:
        sys.exit(f"Unsupported database: {connection.vendor}")
    call_command("migrate", interactive=False, verbosity=0)


def create_postgres_database(settings_dict: dict[str, Any], *, drop: bool) -> None:
    """Create the database through the ``postgres`` maintenance database, dropping it first
    when asked. Django has not connected yet, so nothing holds the database open."""
    import psycopg
    from psycopg import sql

    options = {
        "dbname": "postgres",
        "user": settings_dict.get("USER"),
        "password": settings_dict.get("PASSWORD"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    name = settings_dict["NAME"]
    with psycopg.connect(**{k: v for k, v in options.items() if v}, autocommit=True) as conn:
        if drop:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def existing_sizes() -> Sizes:
    from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress

    return Sizes(
        courses=CoursePage.objects.count(),
        lessons=LessonPage.objects.count(),
        enrolments=Enrolment.objects.count(),
        progress=LessonProgress.objects.count(),
    )


def covers(existing: Sizes, wanted: Sizes) -> bool:
    return (
        existing.courses >= wanted.courses
        and existing.lessons >= wanted.lessons
        and existing.enrolments >= wanted.enrolments
        and existing.progress >= wanted.progress
    )


def vacuum_analyze() -> None:
    """Fresh statistics, so that the planner sees the seeded sizes (outside any transaction)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- Helpers -----------------------------------------------------------------------------------


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def split_evenly(total: int, parts: int) -> list[int]:
    """``total`` as ``parts`` near-equal whole numbers, the larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def progress_counts(caps: Sequence[int], total: int) -> list[int]:
    """How many lessons each enrolment has done: ``total`` in all, at most ``caps[i]`` each.

    Neighbouring enrolments swing apart from the mean (one ahead, one behind) so that learners
    are at different points and some have finished; the sum stays exact.
    """
    if total > sum(caps):
        sys.exit(f"{total} progress rows do not fit: the enrolments have {sum(caps)} lessons.")
    base = total // len(caps)
    counts = []
    for index, cap in enumerate(caps):
        swing = (index // 2) % 6
        wanted = base + swing if index % 2 == 0 else base - swing
        counts.append(max(0, min(cap, wanted)))
    missing = total - sum(counts)
    step = 1 if missing > 0 else -1
    for index in itertools.cycle(range(len(caps))):
        if missing == 0:
            break
        if (step > 0 and counts[index] < caps[index]) or (step < 0 and counts[index] > 0):
            counts[index] += step
            missing -= step
    return counts


def mp_step(number: int, steplen: int, alphabet: str) -> str:
    """One step of a treebeard materialised path: ``number`` in ``alphabet``, zero-padded."""
    digits, rest = "", number
    while rest:
        rest, remainder = divmod(rest, len(alphabet))
        digits = alphabet[remainder] + digits
    if len(digits) > steplen:
        raise ValueError(f"{number} children do not fit into a path step of {steplen}")
    return digits.rjust(steplen, alphabet[0])


def insert_own_rows(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows into ``model``'s own table only. ``bulk_create`` refuses multi-table
    children, so their parent rows are bulk-created first and these rows point at them."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model and are quoted; values are parameters.
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    params = [
        [field.get_db_prep_save(row[field.attname], connection) for field in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        for batch in chunks(params, 1_000):
            cursor.executemany(statement, batch)


# --- Seeding -----------------------------------------------------------------------------------


def seed(sizes: Sizes) -> None:
    from django.db import transaction

    with transaction.atomic():
        from bench.common import build_site

        catalog = build_site(show_in_menus=True)
        regions = create_regions()
        courses = create_courses(catalog, sizes.courses)
        cohorts = create_cohorts(courses, regions)
        lessons = create_lessons(courses, sizes.lessons)
        users = create_users(math.ceil(sizes.enrolments / min(ENROLMENTS_PER_USER, len(courses))))
        create_enrolments_and_progress(sizes, users, courses, cohorts, lessons)


def create_regions() -> list[Any]:
    from lms.accounts.models import Region

    return Region.objects.bulk_create(
        Region(
            code=f"BENCH-{number:02d}",
            country="KZ",
            time_zone="Asia/Almaty",
            name_ru=f"Область {number}",
            name_kk=f"{number} облысы",
            name_en=f"Region {number}",
        )
        for number in range(1, REGIONS + 1)
    )


def create_courses(catalog: Any, count: int) -> list[Any]:
    """Courses go through Wagtail (``add_child``, a revision, publishing) as editors make them."""
    from courses.models import Audience, CoursePage

    audiences = list(Audience.objects.all())
    courses = []
    for number in range(1, count + 1):
        page = CoursePage(
            title=f"Курс {number}: работа с добровольцами",
            slug=f"course-{number}",
            summary="Как привлекать, обучать и поддерживать добровольцев в своём регионе.",
            description=f"<p>Курс {number} для координаторов и волонтёров.</p>",
            language=LANGUAGES[number % len(LANGUAGES)],
            estimated_hours=4 + number % 8,
        )
        catalog.add_child(instance=page)
        page.save_revision().publish()
        courses.append(page)
    if audiences:
        through = CoursePage.audiences.through
        through.objects.bulk_create(
            through(
                coursepage_id=course.pk, audience_id=audiences[(index + shift) % len(audiences)].pk
            )
            for index, course in enumerate(courses)
            for shift in range(min(2, len(audiences)))
        )
    return courses


def create_cohorts(courses: Sequence[Any], regions: Sequence[Any]) -> dict[int, list[Any]]:
    """Per course, a finished cohort and one that runs now (open for enrolment)."""
    from django.utils import timezone

    from courses.models import Cohort

    today = timezone.localdate()
    cohorts = []
    for index, course in enumerate(courses):
        region = regions[index % len(regions)]
        cohorts += [
            Cohort(
                course=course,
                title=f"Поток весна {index + 1}",
                region=region,
                starts_on=today - timedelta(days=200),
                ends_on=today - timedelta(days=120),
            ),
            Cohort(
                course=course,
                title=f"Поток осень {index + 1}",
                region=region,
                starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=60 + index % 30),
                capacity=500,
            ),
        ]
    by_course: dict[int, list[Any]] = {}
    for cohort in Cohort.objects.bulk_create(cohorts):
        by_course.setdefault(cohort.course_id, []).append(cohort)
    return by_course


def lesson_body(number: int, *, quiz: bool) -> list[dict[str, Any]]:
    from courses.blocks import quiz_value

    def block(kind: str, value: Any) -> dict[str, Any]:
        return {"type": kind, "value": value, "id": str(uuid.uuid4())}

    body = [
        block("heading", f"Тема урока {number}"),
        block("paragraph", f"<p>Текст урока {number}: что делает координатор добровольцев.</p>"),
        block("paragraph", "<p>Правила безопасности, знакомство, <b>первые шаги</b>.</p>"),
    ]
    if quiz:
        question = {
            "text": "Кто такой координатор?",
            "multiple": False,
            "feedback": "Координатор организует работу добровольцев.",
            "choices": [("Организатор работы добровольцев", True), ("Спонсор", False)],
        }
        body.append(block("quiz", quiz_value(title="Проверка знаний", questions=[question])))
    return body


def create_lessons(courses: Sequence[Any], total: int) -> dict[int, list[int]]:
    """Lessons in bulk, straight under their courses, the last of each course with a quiz.

    ``add_child`` would take one tree update per lesson, so the treebeard paths are computed
    here: the n-th child of a course has the course's path plus step n. Returns the lesson ids
    of each course in course order.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from courses.models import LessonPage

    content_type = ContentType.objects.get_for_model(LessonPage)
    now = timezone.now()
    pages, own_rows, owners = [], [], []
    for course, count in zip(courses, split_evenly(total, len(courses)), strict=True):
        for number in range(1, count + 1):
            slug = f"lesson-{number}"
            pages.append(
                Page(
                    content_type=content_type,
                    title=f"Урок {number}. Первые шаги координатора",
                    draft_title=f"Урок {number}. Первые шаги координатора",
                    slug=slug,
                    path=course.path + mp_step(number, Page.steplen, Page.alphabet),
                    depth=course.depth + 1,
                    numchild=0,
                    url_path=f"{course.url_path}{slug}/",
                    locale_id=course.locale_id,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
            own_rows.append(
                {
                    "body": lesson_body(number, quiz=number == count),
                    "required": number % 5 != 0,
                    "estimated_minutes": 10 + number % 4 * 5,
                }
            )
            owners.append(course.pk)
        Page.objects.filter(pk=course.pk).update(numchild=count)
    Page.objects.bulk_create(pages, batch_size=1_000)
    for page, row in zip(pages, own_rows, strict=True):
        row["page_ptr_id"] = page.pk
    insert_own_rows(LessonPage, own_rows)
    lessons: dict[int, list[int]] = {course.pk: [] for course in courses}
    for course_id, page in zip(owners, pages, strict=True):
        lessons[course_id].append(page.pk)
    return lessons


def create_users(count: int) -> list[int]:
    """Learners with one shared unusable password (hashing one per user would take hours)."""
    from django.contrib.auth.hashers import make_password

    from lms.accounts.models import Region, User

    password = make_password(None)
    regions = list(Region.objects.values_list("pk", flat=True))
    users = User.objects.bulk_create(
        (
            User(
                email=USER_EMAIL.format(number),
                full_name=f"Слушатель Номер {number}",
                password=password,
                region_id=regions[number % len(regions)],
            )
            for number in range(count)
        ),
        batch_size=BATCH_SIZE,
    )
    return [user.pk for user in users]


def create_enrolments_and_progress(
    sizes: Sizes,
    users: Sequence[int],
    courses: Sequence[Any],
    cohorts: dict[int, list[Any]],
    lessons: dict[int, list[int]],
) -> None:
    """Each learner takes consecutive courses (never one twice); every fourth enrolment is in
    the running cohort, every fourth in the finished one. Each enrolment has done the first
    lessons of its course, as many as ``progress_counts`` gives it; all of them means done."""
    from django.utils import timezone

    from courses.models import Enrolment, LessonProgress

    per_user = min(ENROLMENTS_PER_USER, len(courses))
    now = timezone.now()
    course_of = [courses[index % len(courses)] for index in range(sizes.enrolments)]
    counts = progress_counts([len(lessons[c.pk]) for c in course_of], sizes.progress)

    def enrolment(index: int) -> Enrolment:
        course = course_of[index]
        cohort = {1: cohorts[course.pk][1], 2: cohorts[course.pk][0]}.get(index % 4)
        enrolled_at = now - timedelta(days=index % 365, minutes=index % 1440)
        done = counts[index] == len(lessons[course.pk])
        return Enrolment(
            user_id=users[index // per_user],
            course_id=course.pk,
            cohort=cohort,
            source=Enrolment.Source.COORDINATOR if index % 3 == 0 else Enrolment.Source.SELF,
            enrolled_at=enrolled_at,
            completed_at=enrolled_at + timedelta(days=20) if done else None,
        )

    enrolment_ids: list[int] = []
    for batch in chunks(map(enrolment, range(sizes.enrolments)), BATCH_SIZE):
        enrolment_ids += [row.pk for row in Enrolment.objects.bulk_create(batch)]

    def progress_rows() -> Iterator[LessonProgress]:
        for index, enrolment_id in enumerate(enrolment_ids):
            for lesson_id in lessons[course_of[index].pk][: counts[index]]:
                yield LessonProgress(
                    enrolment_id=enrolment_id, lesson_id=lesson_id, completed_at=now
                )

    for batch in chunks(progress_rows(), BATCH_SIZE):
        LessonProgress.objects.bulk_create(batch)


# --- Checks ------------------------------------------------------------------------------------


def verify_tree(sizes: Sizes) -> None:
    """The bulk-made lessons form a valid Wagtail tree, one the ORM and the router can walk."""
    from wagtail.models import Page

    from courses.models import CoursePage, LessonPage

    problems = Page.find_problems()
    if any(problems):
        sys.exit(f"The page tree is broken (treebeard find_problems): {problems}")
    courses = list(CoursePage.objects.order_by("path"))
    expected = split_evenly(sizes.lessons, len(courses))
    for course, count in zip(courses, expected, strict=True):
        found = LessonPage.objects.live().descendant_of(course).count()
        if found != count:
            sys.exit(f"{course.url_path}: {found} lessons instead of {count}")


# --- Measuring ---------------------------------------------------------------------------------


def targets() -> tuple[Any, list[Target]]:
    """The bench learner and the four pages to render: the catalog, the learner's first course
    that is still in progress, its next lesson, and the dashboard."""
    from django.urls import reverse

    from courses import selectors
    from courses.models import CourseCatalogPage
    from lms.accounts.models import User

    user = User.objects.get(email=BENCH_USER_EMAIL)
    enrolments = selectors.learner_enrolments(user=user)
    current = next((e for e in enrolments if not e.completed_at), enrolments[0])
    outline = selectors.course_outline(course=current.course, enrolment=current)
    lesson = outline.next_lesson or outline.lessons[0]
    return user, [
        Target("catalog", CourseCatalogPage.objects.get(slug="courses").url),
        Target("course", current.course.url),
        Target("lesson", lesson.url),
        Target("dashboard", reverse("courses:dashboard")),
    ]


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(get: Callable[[str], Any], target: Target, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch() -> None:
        response = get(target.url)
        if response.status_code != 200:
            sys.exit(f"{target.url} answered {response.status_code}, not 200")

    for _warmup in range(WARMUP):
        fetch()
    with CaptureQueriesContext(connection) as captured:
        fetch()
    # Read the count now: each later request empties the connection's query log.
    queries = len(captured.captured_queries)
    timings = []
    for _request in range(repeat):
        start = time.perf_counter()
        fetch()
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "bench": "courses_render",
        "page": target.page,
        "url": target.url,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "repeat": repeat,
        "queries": queries,
    }


def render_all(repeat: int) -> None:
    from django.test import Client

    user, pages = targets()
    client = Client()
    client.force_login(user)
    for target in pages:
        emit(measure(client.get, target, repeat))


# --- Main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    configure_environment()

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
        run(args)


def run(args: argparse.Namespace) -> None:
    wanted = Sizes(args.courses, args.lessons, args.enrolments, args.progress)
    prepare_database(reseed=args.reseed, allow_sqlite=args.allow_sqlite)
    existing = existing_sizes()
    seeded = not covers(existing, wanted)
    started = time.perf_counter()
    if seeded:
        if existing.courses:
            sys.exit(f"The database holds a smaller catalog ({existing}); pass --reseed.")
        seed(wanted)
        vacuum_analyze()
        verify_tree(wanted)
        existing = existing_sizes()
    emit(
        {
            "bench": "courses_seed",
            "database": database_label(),
            "courses": existing.courses,
            "lessons": existing.lessons,
            "enrolments": existing.enrolments,
            "progress": existing.progress,
            "seeded": seeded,
            "seconds": round(time.perf_counter() - started, 1),
        }
    )
    render_all(args.repeat)


def database_label() -> str:
    from django.db import connection

    return f"{connection.vendor}:{Path(str(connection.settings_dict['NAME'])).name}"


if __name__ == "__main__":
    main()
