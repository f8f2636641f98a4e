"""Handlers of other apps' signals: they only queue a task."""

from django.dispatch import receiver

from courses.signals import course_completed
from lms.hours.api import hours_confirmed

from .tasks import issue_certificate, issue_vouchers


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, enrolment_id: int, **kwargs) -> None:
    # course_completed is sent after the completion committed, so the task can be queued now.
    issue_certificate.delay(enrolment_id)


@receiver(hours_confirmed, dispatch_uid="certificates.vouchers_on_confirmed_hours")
def vouchers_on_confirmed_hours(sender, user_id: int, **kwargs) -> None:
    # Sent after the confirmation committed; the task finds whether a tier was reached.
    issue_vouchers.delay_on_commit(user_id)
