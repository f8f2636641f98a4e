"""A real ``celery -A lms worker`` process for the tests that are about Celery."""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def celery_worker(env: dict[str, str], *extra: str):
    """Run a solo-pool worker configured only by ``env`` while the block runs."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            *extra,
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def send(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in another process set up like the web one (Django, the broker)."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
