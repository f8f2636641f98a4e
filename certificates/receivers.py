"""Signal handlers: other apps' signals only queue a task; an issued certificate is recorded as
an xAPI statement."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.signals import course_completed
from lms.hours.api import hours_confirmed
from lms.xapi import api as xapi

from .models import Certificate
from .tasks import issue_certificate, issue_vouchers


@receiver(course_completed, dispatch_uid="certificates.issue_on_completion")
def issue_on_completion(sender, enrolment_id: int, **kwargs) -> None:
    # course_completed is sent after the completion committed, so the task can be queued now.
    issue_certificate.delay(enrolment_id)


@receiver(hours_confirmed, dispatch_uid="certificates.vouchers_on_confirmed_hours")
def vouchers_on_confirmed_hours(sender, user_id: int, **kwargs) -> None:
    # Sent after the confirmation committed; the task finds whether a tier was reached.
    issue_vouchers.delay_on_commit(user_id)


@receiver(post_save, sender=Certificate, dispatch_uid="certificates.xapi_issued")
def xapi_certificate_issued(sender, instance: Certificate, created: bool, raw=False, **kw) -> None:
    # In the issuing transaction: the xAPI statement is stored with the certificate.
    if created and not raw and xapi.enabled():
        xapi.record(
            actor_user_id=instance.user_id,
            verb="earned",
            object_type="certificate",
            object_id=instance.pk,
            object_name=instance.course_title,
            timestamp=instance.issued_at,
            context=xapi.parent("course", instance.course_id),
        )
