"""The Celery application of Вектор.

Configured from Django settings (the ``CELERY_`` names). Without ``CELERY_BROKER_URL`` tasks run
eagerly in the calling process; with it, a worker (``celery -A lms worker``) runs them and
``celery -A lms beat`` sends the scheduled ones.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def schedule_every(name: str, task: str, seconds: float) -> None:
    """Add a periodic task to beat's schedule (apps call this in ``AppConfig.ready()``)."""
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        name: {"task": task, "schedule": float(seconds)},
    }


def schedule_daily(name: str, task: str, *, hour: int, minute: int = 0) -> None:
    """Add a task beat sends once a day at ``hour:minute`` UTC (``CELERY_TIMEZONE``)."""
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        name: {"task": task, "schedule": crontab(hour=hour, minute=minute)},
    }


BACKOFF_MAX = 600  # seconds: the longest wait between retries


def backoff(retries: int) -> int:
    """The wait before retry number ``retries + 1``: 30 s, 1 min, 2 min, ... at most ten
    minutes."""
    return min(BACKOFF_MAX, 30 * 2**retries)


def retry_later(task, *, failed_for_now: bool) -> None:
    """From a bound task that tried to reach another system: when that failed for now, retry
    with :func:`backoff`, unless the task runs eagerly (no broker: the caller never waits for
    retries, a periodic resend tries again) or has used its ``max_retries``."""
    request = task.request
    if failed_for_now and not request.is_eager and request.retries < task.max_retries:
        raise task.retry(countdown=backoff(request.retries))
