"""Celery tasks of the LTI tool: thin wrappers around its services."""

from celery import shared_task

from lms.celery import retry_later

from . import services


@shared_task
def queue_scores(enrolment_id: int) -> int:
    """A course was completed: the person's links to it from partner platforms get the score
    (nothing when they never came through LTI)."""
    from courses.api import get_enrolment

    enrolment = get_enrolment(enrolment_id)
    if enrolment is None or enrolment.completed_at is None:
        return 0
    return len(
        services.grade_sync_queue(
            user_id=enrolment.user_id,
            course_id=enrolment.course_id,
            enrolment_id=enrolment.id,
            completed_at=enrolment.completed_at,
        )
    )


@shared_task(bind=True, max_retries=10)
def post_score(self, grade_sync_id: int) -> str:
    """Send one score to its platform, retrying with backoff while the platform is down. Run
    eagerly (no broker) it tries once; the periodic resend tries again later."""
    outcome = services.grade_sync_send(grade_sync_id)
    retry_later(self, failed_for_now=outcome is services.Outcome.RETRY)
    return outcome.value


@shared_task
def resend_pending() -> int:
    """Queue again the scores still waiting (beat runs this every five minutes)."""
    ids = services.pending_for_resend()
    for pk in ids:
        post_score.delay(pk)
    return len(ids)
