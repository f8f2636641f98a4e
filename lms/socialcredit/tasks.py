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
def notify_application(placement_id: int) -> int:
    """E-mail the host's supervisors and coordinators about a new application (once)."""
    return services.placement_notify_host(placement_id=placement_id)


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def notify_placement_decision(placement_id: int) -> bool:
    """E-mail the student the host's answer (once per answer)."""
    return services.placement_notify_student(placement_id=placement_id)
