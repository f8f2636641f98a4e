"""Handlers of other apps' signals: they only queue a task."""

from django.dispatch import receiver

from courses.signals import course_completed

from .tasks import issue_certificate


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, enrolment_id: int, **kwargs) -> None:
    # course_completed is sent after the completion committed, so the task can be queued now.
    issue_certificate.delay(enrolment_id)
