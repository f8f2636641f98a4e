"""Celery tasks: JSON-safe ids in, re-fetch, safe to run twice, time-limited."""

from celery import shared_task
from django.db import OperationalError

from . import services

RETRY = {
    "autoretry_for": (OperationalError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(soft_time_limit=120, time_limit=180, **RETRY)
def issue_certificate(enrolment_id: int) -> str | None:
    """Issue the certificate of a completed enrolment, store its PDF and announce it."""
    certificate = services.certificate_issue(enrolment_id=enrolment_id)
    if certificate is None:
        return None
    services.certificate_render(certificate_id=certificate.pk)
    services.certificate_announce(certificate_id=certificate.pk)  # once per revision
    return certificate.serial


@shared_task(soft_time_limit=120, time_limit=180, **RETRY)
def render_certificate(certificate_id: int) -> bool:
    """Store the PDF of a certificate's current revision (after a re-issue) and announce it."""
    stored = services.certificate_render(certificate_id=certificate_id)
    services.certificate_announce(certificate_id=certificate_id)  # once per revision
    return stored


@shared_task(soft_time_limit=600, time_limit=660, **RETRY)
def build_archive(archive_id: int) -> int:
    archive = services.archive_build(archive_id=archive_id)
    return archive.count if archive else 0


@shared_task(soft_time_limit=240, time_limit=300)
def catch_up_certificates() -> dict:
    """Run by beat every ten minutes: what lost or failed tasks left undone."""
    return services.certificates_catch_up()


# --- Social-credit vouchers ------------------------------------------------------------


@shared_task(soft_time_limit=120, time_limit=180, **RETRY)
def issue_vouchers(user_id: int) -> list[str]:
    """Issue the vouchers a student's confirmed hours have reached (their PDFs and e-mail
    follow in :func:`render_voucher`, queued on commit). Returns the new serials."""
    return [voucher.serial for voucher in services.voucher_issue_due(user_id=user_id)]


@shared_task(soft_time_limit=180, time_limit=240, **RETRY)
def render_voucher(voucher_id: int) -> bool:
    """Store the voucher's PDF and its academic-credit statement, then e-mail the student
    (once)."""
    stored = services.voucher_render(voucher_id=voucher_id)
    services.voucher_announce(voucher_id=voucher_id)
    return stored


@shared_task(soft_time_limit=1800, time_limit=1900)
def catch_up_vouchers() -> dict:
    """Run by beat once a day: vouchers due but not issued, PDFs not stored, e-mails not
    sent."""
    return services.vouchers_catch_up()
