"""Running the same operation from several threads at once, for race tests (PostgreSQL)."""

import threading
from collections.abc import Callable, Iterable

from celery._state import _set_task_join_will_block
from django.db import connection, connections

needs_postgres_reason = "concurrent writers need PostgreSQL (CI runs it); SQLite locks the file"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def run_together(target: Callable, arguments: Iterable[tuple]) -> list[BaseException]:
    """Start ``target(*args)`` for each args at the same moment; return what they raised."""
    calls = list(arguments)
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(*args) -> None:
        try:
            barrier.wait(timeout=10)
            target(*args)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=args) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # Eager Celery tasks run inside these threads, and Celery keeps "a task is running, do not
    # wait for results" in one process-wide flag, set and restored around each eager task:
    # interleaved threads can leave it set, and a later test's ``result.get()`` then refuses.
    _set_task_join_will_block(False)
    return errors
