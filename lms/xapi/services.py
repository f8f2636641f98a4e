"""Delivery of outbox statements to the LRS."""

import base64
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from .api import VERSION
from .models import Statement

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds


class Outcome(Enum):
    SENT = "sent"
    REJECTED = "rejected"  # the LRS refused the statement: sending it again changes nothing
    RETRY = "retry"  # the LRS is down or failed: try again later
    SKIPPED = "skipped"  # already sent, unknown, or xAPI is off


def _put(statement: Statement) -> int:
    """PUT the statement under its id; returns the HTTP status (raises ``OSError`` when the
    LRS cannot be reached)."""
    endpoint = settings.XAPI_LRS_ENDPOINT
    if not endpoint.endswith("/"):
        endpoint += "/"
    url = f"{endpoint}statements?" + urllib.parse.urlencode({"statementId": str(statement.id)})
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": VERSION,
    }
    if settings.XAPI_LRS_USERNAME or settings.XAPI_LRS_PASSWORD:
        token = f"{settings.XAPI_LRS_USERNAME}:{settings.XAPI_LRS_PASSWORD}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
    body = json.dumps(statement.statement, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def deliver_statement(statement_id: str) -> Outcome:
    """One delivery attempt. 200/204 and 409 (the LRS has this id already) count as sent; any
    other 4xx rejects the statement for good; 5xx and network errors ask for a retry."""
    if not settings.XAPI_LRS_ENDPOINT:
        return Outcome.SKIPPED
    statement = Statement.objects.filter(pk=statement_id, status=Statement.Status.PENDING).first()
    if statement is None:
        return Outcome.SKIPPED
    now = timezone.now()
    try:
        status = _put(statement)
    except (OSError, ValueError) as error:  # URLError, timeouts and refused connections
        error_text = f"{type(error).__name__}: {error}"
        status = None
    else:
        error_text = f"HTTP {status}"
    if status is not None and (200 <= status < 300 or status == 409):
        outcome, changes = (
            Outcome.SENT,
            {"status": Statement.Status.SENT, "sent_at": now, "last_error": ""},
        )
    elif status is not None and 400 <= status < 500:
        outcome, changes = (
            Outcome.REJECTED,
            {"status": Statement.Status.REJECTED, "last_error": error_text},
        )
    else:
        outcome, changes = Outcome.RETRY, {"last_error": error_text}
    Statement.objects.filter(pk=statement.pk, status=Statement.Status.PENDING).update(
        attempts=F("attempts") + 1, last_attempt_at=now, **changes
    )
    if outcome is not Outcome.SENT:
        logger.warning("xAPI statement %s: %s (%s)", statement.pk, outcome.value, error_text)
    return outcome


def unsent_for_resend(*, limit: int = 500) -> list[str]:
    """Ids of waiting statements the queue seems to have lost: never tried and older than a
    minute, or last tried longer ago than the longest retry delay."""
    now = timezone.now()
    return [
        str(pk)
        for pk in Statement.objects.filter(status=Statement.Status.PENDING)
        .filter(
            Q(last_attempt_at__isnull=True, created_at__lt=now - timedelta(minutes=1))
            | Q(last_attempt_at__lt=now - timedelta(minutes=15))
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    ]
