"""What apps call to record a learning event as an xAPI statement (xAPI 1.0.3).

:func:`record` builds the statement and stores it in the outbox in the caller's transaction;
delivery to the LRS is queued once that transaction commits. It never raises: a statement that
cannot be built or stored is logged and dropped, and the learner's request goes on. With
``XAPI_LRS_ENDPOINT`` empty nothing is recorded.

The learner is identified by an account (``homePage`` the site's address, ``name`` the user's
id), never by name or e-mail.
"""

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION = "1.0.3"

# Verb keys apps use -> IRI (the ADL vocabulary where it has one) and English display.
VERBS: dict[str, tuple[str, str]] = {
    "registered": ("http://adlnet.gov/expapi/verbs/registered", "registered"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "completed"),
    "answered": ("http://adlnet.gov/expapi/verbs/answered", "answered"),
    "passed": ("http://adlnet.gov/expapi/verbs/passed", "passed"),
    "failed": ("http://adlnet.gov/expapi/verbs/failed", "failed"),
    "attended": ("http://adlnet.gov/expapi/verbs/attended", "attended"),
    "earned": ("http://id.tincanapi.com/verb/earned", "earned"),
}

# Object type keys -> activity type IRI.
ACTIVITY_TYPES: dict[str, str] = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "webinar": "http://adlnet.gov/expapi/activities/meeting",
    "certificate": "http://id.tincanapi.com/activitytype/certificate",
}


def enabled() -> bool:
    return bool(getattr(settings, "XAPI_LRS_ENDPOINT", ""))


def activity_id(object_type: str, object_id: Any) -> str:
    """The activity's IRI: stable, under the site's address (not a page URL, which moves)."""
    return f"{settings.SITE_URL}/xapi/activities/{object_type}/{object_id}"


def activity(object_type: str, object_id: Any, name: str = "") -> dict:
    definition: dict[str, Any] = {"type": ACTIVITY_TYPES[object_type]}
    if name:
        definition["name"] = {settings.LANGUAGE_CODE: name}
    return {
        "objectType": "Activity",
        "id": activity_id(object_type, object_id),
        "definition": definition,
    }


def actor(user_id: int) -> dict:
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(user_id)},
    }


def score(*, raw: float, minimum: float = 0, maximum: float = 100) -> dict:
    """An xAPI score; ``scaled`` is ``raw`` within ``minimum..maximum`` mapped to 0..1."""
    span = maximum - minimum
    scaled = (raw - minimum) / span if span else 0
    return {
        "scaled": round(max(-1.0, min(1.0, scaled)), 4),
        "raw": raw,
        "min": minimum,
        "max": maximum,
    }


def build(
    *,
    actor_user_id: int,
    verb: str,
    object_id: Any,
    object_name: str = "",
    object_type: str,
    result: dict | None = None,
    context: dict | None = None,
    timestamp: datetime | None = None,
    statement_id: uuid.UUID | None = None,
) -> dict:
    """The statement as a dict ready for JSON."""
    verb_iri, display = VERBS[verb]
    when = timestamp or timezone.now()
    full_context: dict[str, Any] = {
        "platform": settings.XAPI_PLATFORM,
        "language": settings.LANGUAGE_CODE,
        **(context or {}),
    }
    statement: dict[str, Any] = {
        "id": str(statement_id or uuid.uuid4()),
        "actor": actor(actor_user_id),
        "verb": {"id": verb_iri, "display": {"en-US": display}},
        "object": activity(object_type, object_id, object_name),
        "context": full_context,
        "timestamp": when.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "version": VERSION,
    }
    if result:
        statement["result"] = result
    return statement


def parent(object_type: str, object_id: Any) -> dict:
    """A context naming the activity this one is part of (a lesson's course)."""
    return {"contextActivities": {"parent": [activity(object_type, object_id)]}}


def record(
    *,
    actor_user_id: int,
    verb: str,
    object_id: Any,
    object_name: str = "",
    object_type: str,
    result: dict | None = None,
    context: dict | None = None,
    timestamp: datetime | None = None,
) -> str | None:
    """Store a statement and queue its delivery after the transaction commits. Returns the
    statement id, or ``None`` when xAPI is off or the statement could not be recorded."""
    if not enabled():
        return None
    try:
        from .models import Statement

        statement = build(
            actor_user_id=actor_user_id,
            verb=verb,
            object_id=object_id,
            object_name=object_name,
            object_type=object_type,
            result=result,
            context=context,
            timestamp=timestamp,
        )
        # A savepoint: a failed insert must not break the caller's transaction.
        with transaction.atomic():
            row = Statement.objects.create(
                id=uuid.UUID(statement["id"]), verb=verb, statement=statement
            )
    except Exception:
        logger.exception("xAPI statement %s for %s %s not recorded", verb, object_type, object_id)
        return None
    statement_id = str(row.id)
    transaction.on_commit(lambda: _queue(statement_id))
    return statement_id


def _queue(statement_id: str) -> None:
    """Queue the delivery; a broker that is down must not fail the learner's request (the
    periodic resend picks the statement up)."""
    try:
        from .tasks import deliver

        deliver.delay(statement_id)
    except Exception:
        logger.exception(
            "xAPI statement %s not queued; the periodic resend will send it", statement_id
        )
