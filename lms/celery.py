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
