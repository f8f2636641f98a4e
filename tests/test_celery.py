"""The Celery app: eager by default, and a real worker over Redis where a broker is given."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lms.celery import app
from tests.celery_tasks import add

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("CELERY_TEST_BROKER_URL", "")


def test_tasks_run_eagerly_without_a_broker():
    assert app.conf.task_always_eager is True
    assert app.conf.broker_url == "memory://"
    assert add.delay(2, 3).get(timeout=1) == 5


@pytest.mark.skipif(not BROKER, reason="set CELERY_TEST_BROKER_URL (CI sets a Redis URL)")
@pytest.mark.xdist_group("celery_broker")  # one real worker on the broker at a time
def test_a_real_worker_runs_tasks_through_redis():
    """A `celery -A lms worker` process, configured only by the environment, runs a task
    that another process sends, as in production."""
    env = {**os.environ, "CELERY_BROKER_URL": BROKER, "CELERY_RESULT_BACKEND": BROKER}
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
            "-I",
            "tests.celery_tasks",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        client = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup();"
                "from lms.celery import app;"
                "assert not app.conf.task_always_eager;"
                "from tests.celery_tasks import add;"
                "print(add.delay(20, 22).get(timeout=30))",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert client.returncode == 0, client.stderr
        assert client.stdout.strip().splitlines()[-1] == "42"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
