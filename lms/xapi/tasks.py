from celery import shared_task

from . import services

MAX_DELAY = 600  # seconds: the longest wait between retries


def retry_delay(retries: int) -> int:
    """30 s, 1 min, 2 min, ... at most ten minutes."""
    return min(MAX_DELAY, 30 * 2**retries)


@shared_task(bind=True, max_retries=10)
def deliver(self, statement_id: str) -> str:
    """Send one statement to the LRS, retrying with backoff while the LRS is down. Run eagerly
    (no broker) it tries once: the learner's request never waits for retries, and the periodic
    resend sends the statement later."""
    outcome = services.deliver_statement(statement_id)
    retry = outcome is services.Outcome.RETRY and not self.request.is_eager
    if retry and self.request.retries < self.max_retries:
        raise self.retry(countdown=retry_delay(self.request.retries))
    return outcome.value


@shared_task
def resend_unsent() -> int:
    """Queue again the statements still waiting (beat runs this every five minutes)."""
    ids = services.unsent_for_resend()
    for statement_id in ids:
        deliver.delay(statement_id)
    return len(ids)
