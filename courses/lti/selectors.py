"""Read queries of the LTI tool."""

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from courses.models import PackageAttempt, QuizAttempt

from .models import ToolKey

_COURSE_PATH = re.compile(r"^/lti/courses/(\d{1,12})/?$")
_DIGITS = re.compile(r"^\s*(\d{1,12})\s*$")


def course_id_from(target_link_uri: str, custom: dict[str, str] | None = None) -> int | None:
    """The course a launch asks for: the path ``/lti/courses/<id>/`` of its target link URI,
    else its custom parameter ``course_id``; None when neither names one."""
    try:
        path = urlsplit(target_link_uri or "").path
    except ValueError:
        path = ""
    if match := _COURSE_PATH.match(path):
        return int(match.group(1)) or None
    value = (custom or {}).get("course_id", "")
    if isinstance(value, str) and (match := _DIGITS.match(value)):
        return int(match.group(1)) or None
    return None


def published_keys() -> list[ToolKey]:
    """The keys the JWKS shows: the active ones and those retired within the overlap."""
    since = timezone.now() - timedelta(days=settings.LTI_KEY_OVERLAP_DAYS)
    return list(
        ToolKey.objects.filter(Q(retired_at__isnull=True) | Q(retired_at__gt=since)).order_by(
            "-created_at", "-pk"
        )
    )


def jwks() -> dict:
    return {"keys": [key.public_jwk for key in published_keys()]}


def course_score(*, enrolment_id: int) -> Decimal:
    """The score sent to a platform, out of 100: the mean of the learner's best score in each
    quiz of the course and their score in each scored learning package (SCORM, H5P); 100 for
    a completed course with neither."""
    best = (
        QuizAttempt.objects.filter(enrolment_id=enrolment_id)
        .order_by()
        .values("lesson_id", "quiz_id")
        .annotate(best=Max("score"))
        .values_list("best", flat=True)
    )
    packages = PackageAttempt.objects.filter(
        enrolment_id=enrolment_id, score__isnull=False
    ).values_list("score", flat=True)
    scores = [Decimal(score) for score in best] + [Decimal(str(score)) for score in packages]
    if not scores:
        return Decimal(100)
    return (sum(scores) / len(scores)).quantize(Decimal("0.01"))
