"""Celery tasks of the reports: thin, JSON-safe ids in, safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    soft_time_limit=900,
    time_limit=960,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def build_export(job_id: int) -> str | None:
    job = services.export_build(job_id=job_id)
    return job.status if job else None


@shared_task(soft_time_limit=300, time_limit=360)
def purge_exports() -> int:
    return services.exports_purge()
