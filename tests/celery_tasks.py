"""A task for the Celery tests only (imported by the test worker with ``-I``)."""

from celery import shared_task


@shared_task(name="tests.add")
def add(x: int, y: int) -> int:
    return x + y
