from celery import shared_task

from lms.celery import retry_later

from . import services


@shared_task(bind=True, max_retries=10)
def deliver(self, statement_id: str) -> str:
    """Send one statement to the LRS, retrying with backoff while the LRS is down. Run eagerly
    (no broker) it tries once: the learner's request never waits for retries, and the periodic
    resend sends the statement later."""
    outcome = services.deliver_statement(statement_id)
    retry_later(self, failed_for_now=outcome is services.Outcome.RETRY)
    return outcome.value


@shared_task
def resend_unsent() -> int:
    """Queue again the statements still waiting (beat runs this every five minutes)."""
    ids = services.unsent_for_resend()
    for statement_id in ids:
        deliver.delay(statement_id)
    return len(ids)
