"""A real Celery worker issues a certificate, as in production (PostgreSQL and Redis)."""

import os
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from certificates.models import Certificate
from courses.models import Enrolment
from tests.concurrency import is_postgres
from tests.courses import builders
from tests.factories import UserFactory
from tests.workers import celery_worker, send

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
    with celery_worker(env):
        sent = send(
            env,
            "from certificates.tasks import issue_certificate;"
            f"issue_certificate.delay({enrolment.pk}); issue_certificate.delay({enrolment.pk})",
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
    assert Certificate.objects.filter(enrolment_id=enrolment.pk).count() == 1
    assert certificate.pdf.read().startswith(b"%PDF")
    assert certificate.recipient_name == "Воркер Проверочный"
