"""Issuing a cohort's certificates through Celery, against bare WeasyPrint on the same template.

The script seeds a fresh cohort of completed enrolments (by default 1,000: one course page under
the Wagtail catalog, a region, a cohort and one learner per enrolment, all bulk-created, so that
no completion signal fires), starts a real Celery worker as a subprocess (prefork pool, one
process per CPU unless ``--concurrency`` says otherwise), queues
``certificates.tasks.issue_certificate`` for every enrolment and polls the database until every
certificate has its PDF stored (``sha256`` set). Each task issues the certificate (serial number,
snapshot), renders and stores its PDF and e-mails the learner, as in production.

In the same run, once the worker has stopped, it renders the first certificate's document in
this single process: ``render_pdf`` alone, and bare WeasyPrint fed exactly what ``render_pdf``
feeds it, as recorded from one ``render_pdf`` call (the same HTML, the same stylesheets, a
fresh ``FontConfiguration`` loading the shipped fonts, the fetched files served from memory),
each the median of ``--renders`` renders. The overhead of the whole pipeline is then a ratio.
It prints one JSON object per line::

    {"bench": "certificates_seed", "database": "postgresql:vektor_bench_certificates",
     "count": 1000, ..., "seconds": 2.1}
    {"bench": "certificates_issue", "mode": "celery", "count": 1000, "concurrency": 2,
     "wall_seconds": ..., "per_certificate_ms": ..., "throughput_per_second": ...,
     "bare_weasyprint_ms": ..., "render_pdf_ms": ..., "ratio": ..., "ratio_per_worker": ...}

``per_certificate_ms`` is the wall time from queueing the first task to the last stored PDF,
divided by the count; ``ratio`` is that over ``bare_weasyprint_ms``, and ``ratio_per_worker``
multiplies it by the concurrency (1.0 would mean that each worker process spends its time in
WeasyPrint alone). ``issue_to_stored_median_ms`` is the median, over the cohort, of the time
between a certificate's "issued" and "PDF stored" events, as the worker saw it.

Wall times suffer when other programs share the CPUs, so the run also counts CPU time (from
Linux's ``/proc``): ``worker_cpu_ms_per_certificate`` is the CPU time of the worker's processes
while issuing, per certificate (the database's work is not in it), ``cpu_ratio`` compares it
with ``bare_weasyprint_cpu_ms``, and ``machine_busy_percent`` (``renders_machine_busy_percent``
for the single-process renders) says how busy all CPUs were meanwhile, with anything.
``database_cpu_ms_per_certificate`` is the CPU time of PostgreSQL meanwhile, when it runs on
this machine, and ``rest_cpu_ms_per_certificate`` that of everything else: Redis, this script's
polling, and any other program. When the rest is large, other programs ran, and the wall
figures are not to be trusted.

Run it from the project folder with PostgreSQL and Redis; the database (by default
``vektor_bench_certificates``; its name must contain "bench") is created when missing and
migrated::

    .venv/bin/python bench/certificates_issue.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vektor_bench_certificates \\
        .venv/bin/python bench/certificates_issue.py --count 1000 --concurrency 2

Tasks go through ``--broker`` (default ``redis://127.0.0.1:6379/3``, not ``CELERY_BROKER_URL``);
the script refuses to start when another worker answers on that broker or its ``celery`` queue
holds messages (``--purge`` empties it). PDFs are stored in a temporary ``MEDIA_ROOT`` and the
e-mails go to the worker's log (the console backend), never to a mail server. Every run seeds
its own course, cohort and learners under a fresh suffix and deletes them at the end, unless
``--keep``. SQLite is refused unless ``--allow-sqlite`` is given, for a quick try with a small
``--count``: tasks then run eagerly in this process, without a worker.
"""

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/vektor_bench_certificates"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/3"
QUEUE = "celery"
BATCH_SIZE = 1_000
POLL_SECONDS = 0.2
WORKER_START_SECONDS = 60
WORKER_STOP_SECONDS = 60
RENDER_WARMUP = 2


@dataclass(frozen=True)
class Cohort:
    suffix: str
    region_id: int
    course_id: int
    cohort_id: int
    user_ids: list[int]
    enrolment_ids: list[int]


# --- Command line and environment ------------------------------------------------------------


def cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000, help="completed enrolments to issue")
    parser.add_argument(
        "--concurrency", type=int, default=cpu_count(), help="worker processes (default: CPUs)"
    )
    parser.add_argument(
        "--renders", type=int, default=20, help="timed single-process renders of each kind"
    )
    parser.add_argument("--broker", default=DEFAULT_BROKER_URL, help="the worker's Redis broker")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="give up after this many seconds without progress",
    )
    parser.add_argument("--purge", action="store_true", help="empty the broker's queue first")
    parser.add_argument("--keep", action="store_true", help="keep the seeded cohort and PDFs")
    parser.add_argument("--allow-sqlite", action="store_true", help="permit SQLite (eager tasks)")
    args = parser.parse_args(argv)
    if min(args.count, args.concurrency, args.renders) < 1 or args.timeout <= 0:
        parser.error("count, concurrency, renders and timeout must be positive")
    return args


def configure_environment(args: argparse.Namespace, media_root: Path) -> None:
    """Settings come from the environment, so this runs before ``django.setup()``: the database,
    a temporary media folder, the broker (none for SQLite: eager tasks) and e-mail kept local."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["MEDIA_ROOT"] = str(media_root)
    # The learners are made up: their mail stays in memory here and in the worker's log there.
    os.environ["EMAIL_URL"] = "memorymail://"
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = args.broker
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 2)


# --- The database itself -----------------------------------------------------------------------


def prepare_database(*, allow_sqlite: bool) -> None:
    """Refuse unsuitable databases, create the benchmark one when missing and migrate it."""
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        sys.exit(f"Refusing to seed {name!r}: the benchmark database's name must contain 'bench'.")
    if connection.vendor == "sqlite":
        if not allow_sqlite:
            sys.exit("Refusing SQLite: use PostgreSQL, or pass --allow-sqlite for a quick try.")
    elif connection.vendor == "postgresql":
        create_postgres_database(connection.settings_dict)
    else:
        sys.exit(f"Unsupported database: {connection.vendor}")
    call_command("migrate", interactive=False, verbosity=0)


def create_postgres_database(settings_dict: dict[str, Any]) -> None:
    """Create the database through the ``postgres`` maintenance database if it is missing."""
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
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def database_label() -> str:
    from django.db import connection

    return f"{connection.vendor}:{Path(str(connection.settings_dict['NAME'])).name}"


# --- Seeding -----------------------------------------------------------------------------------


def catalog_page() -> Any:
    """The course catalog, built as the tests build it when the database has none: locales, a
    home page under the root, the default site pointing at it and the catalog under it."""
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from courses.models import CourseCatalogPage
    from lms.pages.models import HomePage

    catalog = CourseCatalogPage.objects.order_by("path").first()
    if catalog is not None:
        return catalog
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home = HomePage(title="Вектор добровольчества", slug="home-ru")
    Page.get_first_root_node().add_child(instance=home)
    home.save_revision().publish()
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    catalog = CourseCatalogPage(title="Курсы", slug="courses", intro="Дистанционные курсы")
    home.add_child(instance=catalog)
    catalog.save_revision().publish()
    return catalog


def seed(count: int) -> Cohort:
    """A course (through Wagtail, as editors make it), a region, a finished cohort and ``count``
    learners, each with a completed enrolment in it, all under a fresh suffix."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from courses.models import Cohort as CohortModel
    from courses.models import CoursePage, Enrolment
    from lms.accounts.models import Region, User

    suffix = uuid.uuid4().hex[:6]
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        course = CoursePage(
            title=f"Первая помощь для добровольцев ({suffix})",
            slug=f"certificates-bench-{suffix}",
            summary="Как оказать первую помощь на мероприятии и не навредить.",
            description="<p>Курс для волонтёров массовых мероприятий.</p>",
            language="ru",
            estimated_hours=6,
        )
        catalog_page().add_child(instance=course)
        course.save_revision().publish()
        region = Region.objects.create(
            code=f"BENCH-{suffix}",
            country="KZ",
            time_zone="Asia/Almaty",
            name_ru=f"Область {suffix}",
            name_kk=f"{suffix} облысы",
            name_en=f"Region {suffix}",
        )
        cohort = CohortModel.objects.create(
            course=course,
            title=f"Поток {suffix}",
            region=region,
            starts_on=today - timedelta(days=60),
            ends_on=today - timedelta(days=1),
        )
        password = make_password(None)  # one unusable password: hashing each takes long
        users = User.objects.bulk_create(
            (
                User(
                    email=f"certificates-{suffix}-{number:05d}@bench.vektor.local",
                    full_name=f"Слушатель Номер {number} Бенчмарков",
                    password=password,
                    region=region,
                    preferred_language="ru",
                )
                for number in range(count)
            ),
            batch_size=BATCH_SIZE,
        )
        enrolments = Enrolment.objects.bulk_create(
            (
                Enrolment(
                    user_id=user.pk,
                    course_id=course.pk,
                    cohort=cohort,
                    source=Enrolment.Source.COORDINATOR,
                    enrolled_at=now - timedelta(days=50),
                    completed_at=now - timedelta(days=1, minutes=index % 1440),
                )
                for index, user in enumerate(users)
            ),
            batch_size=BATCH_SIZE,
        )
    return Cohort(
        suffix=suffix,
        region_id=region.pk,
        course_id=course.pk,
        cohort_id=cohort.pk,
        user_ids=[user.pk for user in users],
        enrolment_ids=[enrolment.pk for enrolment in enrolments],
    )


def clean_up(cohort: Cohort) -> None:
    """Delete what ``seed`` made and the certificates issued for it (protected references
    first: certificates keep their learner, enrolments their cohort, cohorts their region)."""
    from django.db import transaction
    from wagtail.models import Page

    from certificates.models import Certificate
    from courses.models import Cohort as CohortModel
    from courses.models import Enrolment
    from lms.accounts.models import Region, User

    with transaction.atomic():
        Certificate.objects.filter(enrolment_id__in=cohort.enrolment_ids).delete()
        Enrolment.objects.filter(pk__in=cohort.enrolment_ids).delete()
        CohortModel.objects.filter(pk=cohort.cohort_id).delete()
        page = Page.objects.filter(pk=cohort.course_id).first()
        if page is not None:
            page.delete()
        for batch in range(0, len(cohort.user_ids), BATCH_SIZE):
            User.objects.filter(pk__in=cohort.user_ids[batch : batch + BATCH_SIZE]).delete()
        Region.objects.filter(pk=cohort.region_id).delete()


# --- The worker --------------------------------------------------------------------------------


def celery_app() -> Any:
    from lms.celery import app

    return app


def check_broker(*, purge: bool) -> None:
    """Nobody else may take our tasks (a worker on another database would issue them there),
    and nothing queued before may run in our time."""
    app = celery_app()
    replies = app.control.ping(timeout=1.0)
    if replies:
        names = sorted(name for reply in replies for name in reply)
        sys.exit(f"Another Celery worker answers on this broker: {', '.join(names)}. Stop it.")
    if purge:
        app.control.purge()
    waiting = queued_messages()
    if waiting:
        sys.exit(f"The {QUEUE!r} queue holds {waiting} messages; pass --purge to empty it.")


def queued_messages() -> int:
    with celery_app().connection_for_write() as connection:
        try:
            _name, count, _consumers = connection.default_channel.queue_declare(QUEUE, passive=True)
        except connection.channel_errors:
            return 0
    return count


@contextlib.contextmanager
def celery_worker(*, concurrency: int, log_path: Path, suffix: str) -> Iterator[Any]:
    """A worker subprocess with this process's environment (database, broker, media folder),
    its output in ``log_path``; ready (answering a ping) on entry, stopped on exit, when the
    tasks still queued are dropped."""
    hostname = f"bench-{suffix}@%h"
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "lms",
        "worker",
        "--concurrency",
        str(concurrency),
        "--pool",
        "prefork",
        "-Q",
        QUEUE,
        "--hostname",
        hostname,
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
    ]
    # The console backend writes the e-mails into the worker's log.
    env = {**os.environ, "EMAIL_URL": "consolemail://"}
    with log_path.open("wb") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(worker, suffix=suffix, log_path=log_path)
        yield worker
    finally:
        stop_worker(worker)
        # After an interruption our tasks are left queued (the queue held none of anybody
        # else's before): they must not run in the next measurement.
        with contextlib.suppress(Exception):
            celery_app().control.purge()


def wait_until_ready(worker: subprocess.Popen, *, suffix: str, log_path: Path) -> None:
    app = celery_app()
    deadline = time.monotonic() + WORKER_START_SECONDS
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            fail(f"The worker exited with {worker.returncode}.", log_path)
        replies = app.control.ping(timeout=0.5)
        if any(name.startswith(f"bench-{suffix}@") for reply in replies for name in reply):
            return
    fail(f"The worker did not answer within {WORKER_START_SECONDS} s.", log_path)


def stop_worker(worker: subprocess.Popen) -> None:
    """Warm shutdown (running tasks finish); if the worker lingers, its process group (the
    worker's own session: it and its pool processes, nothing else) is killed."""
    if worker.poll() is not None:
        return
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def fail(message: str, log_path: Path | None = None) -> None:
    if log_path is not None and log_path.exists():
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        message += "\nThe worker's log ends with:\n" + "\n".join(tail)
    sys.exit(message)


# --- CPU accounting (Linux's /proc; None elsewhere) -----------------------------------------------


def process_tree_cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by a process (its own and its reaped children's) and by its live
    children: for the worker, its main process and its pool processes."""

    def read(stat: Path) -> tuple[int, int]:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return int(fields[1]), sum(int(value) for value in fields[11:15])

    try:
        total = read(Path(f"/proc/{pid}/stat"))[1]
    except (OSError, IndexError, ValueError):
        return None
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent, ticks = read(stat)
            if parent == pid:
                total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def database_server_pid() -> int | None:
    """The PostgreSQL server's main process when it runs on this machine: the parent of our
    connection's backend. Its tree's CPU time is the database's work (ended backends count
    in their parent's)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    host = str(connection.settings_dict.get("HOST") or "")
    if host and not host.startswith("/") and host not in {"localhost", "127.0.0.1", "::1"}:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        if not Path(f"/proc/{backend}/comm").read_text().startswith("postgres"):
            return None
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def difference(before: float | None, after: float | None) -> float | None:
    return after - before if before is not None and after is not None else None


def machine_ticks() -> tuple[int, int] | None:
    """Busy and total CPU ticks of the whole machine so far, all CPUs together."""
    try:
        line = Path("/proc/stat").read_text().split("\n", 1)[0]
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, line.split()[1:9])
    except (OSError, ValueError):
        return None
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def busy_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    if before is None or after is None or after[1] == before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def busy_seconds(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    if before is None or after is None:
        return None
    return (after[0] - before[0]) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Issued:
    wall: float  # from the first task queued to the last PDF seen stored
    queued: float  # the part of it spent queueing
    cpu: float | None  # CPU seconds of the processes that ran the tasks
    machine_busy: float | None  # share of all CPUs busy (with anything) meanwhile
    machine_cpu: float | None  # CPU seconds used meanwhile by everything, the tasks included
    database_cpu: float | None  # CPU seconds of a local PostgreSQL server meanwhile


# --- Issuing -----------------------------------------------------------------------------------


def stored_count(cohort: Cohort) -> int:
    from certificates.models import Certificate

    return (
        Certificate.objects.filter(enrolment_id__in=cohort.enrolment_ids).exclude(sha256="").count()
    )


def issue_with_worker(
    cohort: Cohort, *, timeout: float, worker: subprocess.Popen, log_path: Path
) -> Issued:
    """Queue every enrolment's task and wait until the last PDF is stored."""
    from certificates.tasks import issue_certificate

    database = database_server_pid()

    def database_cpu() -> float | None:
        return process_tree_cpu_seconds(database) if database else None

    cpu_before, database_before = process_tree_cpu_seconds(worker.pid), database_cpu()
    machine_before = machine_ticks()
    started = time.perf_counter()
    for enrolment_id in cohort.enrolment_ids:
        issue_certificate.delay(enrolment_id)
    queued = time.perf_counter() - started
    done, last_progress = 0, time.monotonic()
    while done < len(cohort.enrolment_ids):
        time.sleep(POLL_SECONDS)
        if worker.poll() is not None:
            fail(f"The worker exited with {worker.returncode} after {done} PDFs.", log_path)
        count = stored_count(cohort)
        if count > done:
            done, last_progress = count, time.monotonic()
        elif time.monotonic() - last_progress > timeout:
            total = len(cohort.enrolment_ids)
            fail(f"No PDF stored for {timeout:.0f} s, {done} of {total}.", log_path)
    wall = time.perf_counter() - started
    machine_after = machine_ticks()
    return Issued(
        wall=wall,
        queued=queued,
        cpu=difference(cpu_before, process_tree_cpu_seconds(worker.pid)),
        machine_busy=busy_share(machine_before, machine_after),
        machine_cpu=busy_seconds(machine_before, machine_after),
        database_cpu=difference(database_before, database_cpu()),
    )


def issue_eagerly(cohort: Cohort) -> Issued:
    """Without a broker ``delay`` runs the task at once, here: one after the other."""
    from certificates.tasks import issue_certificate

    machine_before, cpu_before = machine_ticks(), time.process_time()
    started = time.perf_counter()
    for enrolment_id in cohort.enrolment_ids:
        issue_certificate.delay(enrolment_id)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    machine_after = machine_ticks()
    if stored_count(cohort) != len(cohort.enrolment_ids):
        sys.exit(f"Only {stored_count(cohort)} of {len(cohort.enrolment_ids)} PDFs were stored.")
    return Issued(
        wall=wall,
        queued=0.0,
        cpu=cpu,
        machine_busy=busy_share(machine_before, machine_after),
        machine_cpu=busy_seconds(machine_before, machine_after),
        database_cpu=None,
    )


def outcome(cohort: Cohort, media_root: Path) -> dict[str, Any]:
    """What the tasks left: certificates, stored files, e-mails, and per certificate the time
    between its "issued" and "PDF stored" events."""
    from certificates.models import Certificate, CertificateEvent

    certificates = Certificate.objects.filter(enrolment_id__in=cohort.enrolment_ids)
    files = [name for name in certificates.values_list("pdf", flat=True) if name]
    missing = sum(1 for name in files if not (media_root / name).is_file())
    times: dict[int, dict[str, Any]] = {}
    events = CertificateEvent.objects.filter(
        certificate__in=certificates,
        action__in=[CertificateEvent.Action.ISSUED, CertificateEvent.Action.RENDERED],
    ).values_list("certificate_id", "action", "created_at")
    for certificate_id, action, created_at in events:
        times.setdefault(certificate_id, {})[action] = created_at
    spans = [
        (pair["rendered"] - pair["issued"]).total_seconds()
        for pair in times.values()
        if {"issued", "rendered"} <= pair.keys()
    ]
    emailed = CertificateEvent.objects.filter(
        certificate__in=certificates, action=CertificateEvent.Action.EMAILED
    ).count()
    return {
        "certificates": certificates.count(),
        "pdfs_missing": missing,
        "emailed": emailed,
        "issue_to_stored_median_ms": milliseconds(statistics.median(spans)) if spans else None,
    }


# --- Rendering in this process -------------------------------------------------------------------


def memory_fetcher(inner: Any) -> Any:
    """A WeasyPrint URL fetcher serving what ``inner`` (the app's fetcher) serves: the shipped
    fonts, any images. It asks ``inner`` once per URL and then answers from memory, so that
    the bare figure is WeasyPrint's own work."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class MemoryFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=[])
            self.bodies: dict[str, tuple[bytes, dict[str, str]]] = {}

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in self.bodies:
                response = inner.fetch(url)
                self.bodies[url] = (response.read(), dict(response.headers.items()))
                response.close()
            body, found_headers = self.bodies[url]
            return URLFetcherResponse(url, body, found_headers)

    return MemoryFetcher()


@dataclass
class Stylesheet:
    string: str
    base_url: str | None
    media_type: str
    fetcher: Any
    with_fonts: bool  # made with the document's FontConfiguration (its @font-face rules load)


@dataclass
class WeasyPrintInput:
    """What one ``render_pdf`` call handed WeasyPrint."""

    html: str
    base_url: str | None
    media_type: str
    fetcher: Any
    stylesheets: list[Stylesheet]
    options: dict[str, Any]  # write_pdf's other keyword arguments


def capture_weasyprint_input(render: Callable[[], bytes]) -> WeasyPrintInput:
    """Call ``render`` once, recording what it hands WeasyPrint: the HTML and each stylesheet
    given to ``write_pdf``, with their base URLs and fetchers. Whatever way the app assembles
    them, the bare renders get exactly the same."""
    from unittest import mock

    from weasyprint import CSS, HTML

    sheets: dict[int, tuple[Any, Stylesheet | None]] = {}
    documents: list[WeasyPrintInput] = []
    css_init, html_init, html_write_pdf = CSS.__init__, HTML.__init__, HTML.write_pdf

    def record_css(self: Any, *args: Any, **kwargs: Any) -> None:
        css_init(self, *args, **kwargs)
        string = kwargs.get("string")
        sheet = None
        if not args and isinstance(string, str):
            sheet = Stylesheet(
                string=string,
                base_url=kwargs.get("base_url"),
                media_type=kwargs.get("media_type", "print"),
                fetcher=kwargs.get("url_fetcher"),
                with_fonts=kwargs.get("font_config") is not None,
            )
        sheets[id(self)] = (self, sheet)  # the object is kept, so its id stays its own

    def record_html(self: Any, *args: Any, **kwargs: Any) -> None:
        html_init(self, *args, **kwargs)
        self._bench_source = (args, kwargs)

    def record_write_pdf(self: Any, *args: Any, **kwargs: Any) -> Any:
        html_args, html_kwargs = self._bench_source
        if args or html_args or not isinstance(html_kwargs.get("string"), str):
            sys.exit("render_pdf gives WeasyPrint other than an HTML string: cannot replay it.")
        stylesheets = []
        for css in kwargs.get("stylesheets") or []:
            sheet = sheets.get(id(css), (None, None))[1]
            if sheet is None:
                sys.exit("render_pdf gives WeasyPrint a stylesheet not made from a string.")
            stylesheets.append(sheet)
        options = {k: v for k, v in kwargs.items() if k not in {"stylesheets", "font_config"}}
        documents.append(
            WeasyPrintInput(
                html=html_kwargs["string"],
                base_url=html_kwargs.get("base_url"),
                media_type=html_kwargs.get("media_type", "print"),
                fetcher=html_kwargs.get("url_fetcher"),
                stylesheets=stylesheets,
                options=options,
            )
        )
        return html_write_pdf(self, *args, **kwargs)

    with (
        mock.patch.object(CSS, "__init__", record_css),
        mock.patch.object(HTML, "__init__", record_html),
        mock.patch.object(HTML, "write_pdf", record_write_pdf),
    ):
        render()
    if len(documents) != 1:
        sys.exit(f"render_pdf wrote {len(documents)} PDFs with WeasyPrint instead of one.")
    return documents[0]


def bare_renderer(document: Any) -> Callable[[], bytes]:
    """Bare WeasyPrint on what ``render_pdf`` hands it for ``document`` (captured once). Each
    call does what WeasyPrint has to do per document: a fresh font configuration, the
    stylesheets (their @font-face rules load the shipped fonts), the HTML, the PDF."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from certificates import rendering

    given = capture_weasyprint_input(lambda: rendering.render_pdf(document))
    memory: dict[int, Any] = {}

    def served(fetcher: Any) -> Any:
        if fetcher is None:
            return None
        if id(fetcher) not in memory:
            memory[id(fetcher)] = memory_fetcher(fetcher)
        return memory[id(fetcher)]

    def render() -> bytes:
        fonts = FontConfiguration()
        stylesheets = [
            CSS(
                string=sheet.string,
                base_url=sheet.base_url,
                media_type=sheet.media_type,
                url_fetcher=served(sheet.fetcher),
                font_config=fonts if sheet.with_fonts else None,
            )
            for sheet in given.stylesheets
        ]
        html = HTML(
            string=given.html,
            base_url=given.base_url,
            media_type=given.media_type,
            url_fetcher=served(given.fetcher),
        )
        return html.write_pdf(stylesheets=stylesheets, font_config=fonts, **given.options)

    return render


class WarningCounter(logging.Handler):
    """Counts WeasyPrint's warnings: a font or image it could not fetch is only a warning."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def timed(function: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    started, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - cpu


def measure_renders(cohort: Cohort, renders: int) -> dict[str, Any]:
    """The first certificate of the cohort: its document (median of a few builds), then
    ``render_pdf`` and bare WeasyPrint alternately, after a warm-up of each."""
    from certificates import rendering, services
    from certificates.models import Certificate

    certificate = (
        Certificate.objects.select_related("template", "template__issuer")
        .filter(enrolment_id__in=cohort.enrolment_ids)
        .order_by("number")
        .first()
    )
    if certificate is None:
        sys.exit("No certificate was issued.")
    document_times = [
        timed(lambda: services.certificate_document(certificate))[0] for _ in range(5)
    ]
    document = services.certificate_document(certificate)
    bare = bare_renderer(document)

    warnings_seen = WarningCounter()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(warnings_seen)
    machine_before = machine_ticks()
    try:
        for _warmup in range(RENDER_WARMUP):
            app_pdf, bare_pdf = rendering.render_pdf(document), bare()
        app_times, bare_times = [], []
        for _render in range(renders):
            app_times.append(timed(lambda: rendering.render_pdf(document)))
            bare_times.append(timed(bare))
    finally:
        logger.removeHandler(warnings_seen)
    machine_busy = busy_share(machine_before, machine_ticks())
    if warnings_seen.messages:
        sys.exit("WeasyPrint warned while rendering: " + "; ".join(warnings_seen.messages[:5]))
    return {
        "document_ms": milliseconds(statistics.median(document_times)),
        "render_pdf_ms": milliseconds(statistics.median(wall for wall, _cpu in app_times)),
        "bare_weasyprint_ms": milliseconds(statistics.median(wall for wall, _cpu in bare_times)),
        "bare_weasyprint_cpu_ms": milliseconds(statistics.median(cpu for _wall, cpu in bare_times)),
        "pdf_bytes": len(app_pdf),
        "bare_pdf_bytes": len(bare_pdf),
        "stored_pdf_bytes": certificate.pdf.size,
        "renders": renders,
        "renders_machine_busy_percent": (
            round(machine_busy * 100, 1) if machine_busy is not None else None
        ),
    }


# --- Main --------------------------------------------------------------------------------------


def stop_on_sigterm(_signum: int, _frame: Any) -> None:
    raise SystemExit("Terminated.")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_sigterm)  # so that the clean-up below runs
    media_root = Path(tempfile.mkdtemp(prefix="vektor-bench-certificates-"))
    configure_environment(args, media_root)

    import django

    django.setup()
    cohort = None
    try:
        prepare_database(allow_sqlite=args.allow_sqlite)
        # The URLs (certificates link to their verification page) load now, not mid-measurement.
        from django.urls import get_resolver

        get_resolver().app_dict  # noqa: B018 - populates the resolver
        started = time.perf_counter()
        cohort = seed(args.count)
        analyze()
        emit(
            {
                "bench": "certificates_seed",
                "database": database_label(),
                "count": args.count,
                "suffix": cohort.suffix,
                "course_id": cohort.course_id,
                "cohort_id": cohort.cohort_id,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
        emit(run(args, cohort, media_root))
    finally:
        if args.keep:
            kept = f"cohort {cohort.cohort_id} (suffix {cohort.suffix})" if cohort else "nothing"
            print(f"Kept {kept}; the PDFs and the worker's log: {media_root}", file=sys.stderr)
        else:
            if cohort is not None:
                clean_up(cohort)
            shutil.rmtree(media_root, ignore_errors=True)


def per_certificate_ms(seconds: float | None, count: int) -> float | None:
    return milliseconds(seconds / count) if seconds is not None else None


def run(args: argparse.Namespace, cohort: Cohort, media_root: Path) -> dict[str, Any]:
    from django.conf import settings

    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if eager:
        concurrency = 1
        issued = issue_eagerly(cohort)
    else:
        concurrency = args.concurrency
        check_broker(purge=args.purge)
        log_path = media_root / "worker.log"
        with celery_worker(
            concurrency=concurrency, log_path=log_path, suffix=cohort.suffix
        ) as worker:
            issued = issue_with_worker(
                cohort, timeout=args.timeout, worker=worker, log_path=log_path
            )
        # The worker has stopped (its last e-mails sent): the renders below have the CPUs.
    results = outcome(cohort, media_root)
    renders = measure_renders(cohort, args.renders)
    per_certificate = issued.wall / args.count
    bare = renders["bare_weasyprint_ms"] / 1000
    cpu_per_certificate = issued.cpu / args.count if issued.cpu is not None else None
    bare_cpu = renders["bare_weasyprint_cpu_ms"] / 1000
    return {
        "bench": "certificates_issue",
        "mode": "eager" if eager else "celery",
        "count": args.count,
        "concurrency": concurrency,
        "cpus": cpu_count(),
        "wall_seconds": round(issued.wall, 2),
        "queue_seconds": round(issued.queued, 2),
        "per_certificate_ms": milliseconds(per_certificate),
        "throughput_per_second": round(args.count / issued.wall, 2),
        **renders,
        "ratio": round(per_certificate / bare, 2),
        "ratio_per_worker": round(per_certificate * concurrency / bare, 2),
        "worker_cpu_ms_per_certificate": per_certificate_ms(issued.cpu, args.count),
        "cpu_ratio": (
            round(cpu_per_certificate / bare_cpu, 2) if cpu_per_certificate is not None else None
        ),
        "machine_busy_percent": (
            round(issued.machine_busy * 100, 1) if issued.machine_busy is not None else None
        ),
        "database_cpu_ms_per_certificate": per_certificate_ms(issued.database_cpu, args.count),
        "rest_cpu_ms_per_certificate": per_certificate_ms(
            difference(issued.cpu + (issued.database_cpu or 0), issued.machine_cpu)
            if issued.cpu is not None
            else None,
            args.count,
        ),
        **results,
    }


if __name__ == "__main__":
    main()
