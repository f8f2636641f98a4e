"""A real Celery worker issues a certificate, as in production (PostgreSQL and Redis)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment
from tests.concurrency import is_postgres
from tests.courses import builders
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "")


@pytest.mark.skipif(
    not (BROKER and is_postgres()),
    reason="needs CELERY_TEST_BROKER_URL and PostgreSQL, shared with the worker (CI has both)",
)
@pytest.mark.xdist_group("celery_broker")  # one real worker on the broker at a time
def test_a_worker_issues_the_certificate_of_a_completion(committed_site_tree):
    course = builders.course(committed_site_tree.home["ru"], lessons=1, title="Курс для воркера")
    enrolment = Enrolment.objects.create(
        user=UserFactory(full_name="Воркер Проверочный"),
        course=course,
        source="self",
        completed_at=timezone.now(),
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        sent = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup();"
                "from certificates.tasks import issue_certificate;"
                f"issue_certificate.delay({enrolment.pk}); issue_certificate.delay({enrolment.pk})",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sent.returncode == 0, sent.stderr
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            certificate = Certificate.objects.filter(enrolment_id=enrolment.pk).first()
            if certificate is not None and certificate.sha256:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the worker did not issue the certificate in 90 seconds")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert Certificate.objects.filter(enrolment_id=enrolment.pk).count() == 1
    assert certificate.pdf.read().startswith(b"%PDF")
    assert certificate.recipient_name == "Воркер Проверочный"
