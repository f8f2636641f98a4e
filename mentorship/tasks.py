"""Celery tasks: JSON-safe ids in, re-fetch, safe to run twice, time-limited."""

from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {
    "autoretry_for": (OperationalError, OSError, SMTPException),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def notify_concern(concern_id: int) -> int:
    """E-mail the programme's coordinators about a mentor's concern (once)."""
    return services.concern_notify(concern_id=concern_id)


@shared_task(soft_time_limit=540, time_limit=600, **RETRY)
def send_alerts() -> int:
    """Run by beat once a day: find new lapses in every programme and tell coordinators."""
    return services.alerts_send()
