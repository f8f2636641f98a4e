"""The Celery app: eager by default, and a real worker over Redis where a broker is given."""

import os

import pytest

from lms.celery import app
from tests.celery_tasks import add
from tests.workers import celery_worker, send

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
    with celery_worker(env, "-I", "tests.celery_tasks"):
        client = send(
            env,
            "from lms.celery import app;"
            "assert not app.conf.task_always_eager;"
            "from tests.celery_tasks import add;"
            "print(add.delay(20, 22).get(timeout=30))",
        )
        assert client.returncode == 0, client.stderr
        assert client.stdout.strip().splitlines()[-1] == "42"
