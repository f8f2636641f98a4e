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
def notify_decision(entry_id: int) -> bool:
    """E-mail the person that their hours were confirmed or rejected (once)."""
    return services.hours_notify(entry_id=entry_id)


@shared_task(soft_time_limit=540, time_limit=600, **RETRY)
def send_supervisor_digests() -> int:
    """Run by beat every hour: the daily digest of waiting hours to those who confirm them."""
    return services.hours_send_digests()
