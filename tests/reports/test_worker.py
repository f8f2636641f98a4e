"""A real Celery worker builds a coordinator's workbook and the yearly summary, as in
production (PostgreSQL and Redis), and the download link works."""

import io
import os
import time

import openpyxl
import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse

from lms.reports.models import ExportJob
from tests.concurrency import is_postgres
from tests.reports.helpers import YEAR, World
from tests.workers import celery_worker, send

BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "")


@pytest.mark.skipif(
    not (BROKER and is_postgres()),
    reason="needs CELERY_TEST_BROKER_URL and PostgreSQL, shared with the worker (CI has both)",
)
@pytest.mark.xdist_group("celery_broker")  # one real worker on the broker at a time
def test_a_worker_builds_the_exports_and_the_link_opens_them(committed_site_tree, client):
    world = World(committed_site_tree.home["ru"])
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_URL": "consolemail://",
    }
    with celery_worker(env):
        # The web side queues on commit: send the tasks from a process configured with the
        # broker, as the web process would.
        jobs = [
            ExportJob.objects.create(
                requested_by=world.national,
                kind="workbook",
                format="xlsx",
                params=YEAR,
                language="ru",
            ),
            ExportJob.objects.create(
                requested_by=world.national,
                kind="yearly",
                format="pdf",
                params={"year": "2026"},
                language="ru",
            ),
        ]
        ids = ", ".join(str(job.pk) for job in jobs)
        sent = send(
            env,
            "from lms.reports.tasks import build_export;"
            f"[build_export.delay(pk) for pk in ({ids},)]",
        )
        assert sent.returncode == 0, sent.stderr
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not ExportJob.objects.filter(status="pending").exists():
                break
            time.sleep(0.5)
        else:
            pytest.fail("the worker did not build the exports in 120 seconds")
    workbook_job, yearly_job = (ExportJob.objects.get(pk=job.pk) for job in jobs)
    assert workbook_job.status == yearly_job.status == ExportJob.Status.READY
    assert not mail.outbox  # the worker sent the e-mails, not this process
    client.force_login(world.national)
    response = client.get(reverse("reports:download", args=[workbook_job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.worksheets) >= 4
    response = client.get(reverse("reports:download", args=[yearly_job.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.regional)
    assert client.get(reverse("reports:download", args=[yearly_job.pk])).status_code == 404
