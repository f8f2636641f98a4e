"""Operations of the LTI tool: the tool's keys, accepting a launch, sending scores."""

import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from jwcrypto.jwk import JWK

from courses.models import CoursePage
from courses.services import CourseError, enrolment_create
from lms.accounts import api as accounts_api

from . import selectors, tool
from .models import GradeSync, Identity, ResourceLink, ToolKey

logger = logging.getLogger(__name__)


# --- The tool's keys ----------------------------------------------------------------------------


def _new_key() -> ToolKey:
    key = JWK.generate(kty="RSA", size=2048)
    kid = key.thumbprint()
    public = key.export_public(as_dict=True)
    public.update({"kid": kid, "alg": "RS256", "use": "sig"})
    return ToolKey.objects.create(
        kid=kid,
        private_key=key.export_to_pem(private_key=True, password=None).decode("ascii"),
        public_jwk=public,
    )


def tool_key_current() -> ToolKey:
    """The key the tool signs with: the newest active one, made on first need."""
    key = ToolKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-pk").first()
    return key or _new_key()


@transaction.atomic
def tool_key_rotate() -> ToolKey:
    """Make a new signing key and retire the others now. The JWKS keeps showing a retired key
    for ``LTI_KEY_OVERLAP_DAYS``, so platforms that cached it keep checking our tokens."""
    now = timezone.now()
    ToolKey.objects.filter(retired_at__isnull=True).update(retired_at=now)
    return _new_key()


# --- Launches -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LaunchOutcome:
    user_id: int
    course: CoursePage
    enrolment_error: str  # why the enrolment was refused; "" when enrolled
    blocked: bool = False  # the linked account is deactivated: not signed in, not enrolled


def launch_course(launch: tool.Launch) -> CoursePage | None:
    """The published course a launch asks for."""
    course_id = selectors.course_id_from(launch.target_link_uri, launch.custom)
    if course_id is None:
        return None
    return CoursePage.objects.live().filter(pk=course_id).first()


def _language(locale: str) -> str:
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _identity(launch: tool.Launch) -> Identity:
    """The platform person's identity, with an account made for them on their first launch."""
    now = timezone.now()
    existing = Identity.objects.filter(platform_id=launch.platform_id, sub=launch.sub).first()
    if existing is not None:
        Identity.objects.filter(pk=existing.pk).update(last_launch_at=now)
        return existing
    try:
        with transaction.atomic():
            user_id = accounts_api.user_create_external(
                email=launch.email or None,
                full_name=launch.name,
                language=_language(launch.locale),
            )
            return Identity.objects.create(
                platform_id=launch.platform_id, sub=launch.sub, user_id=user_id
            )
    except IntegrityError:
        # A concurrent first launch of the same person won; its account is the one.
        return Identity.objects.get(platform_id=launch.platform_id, sub=launch.sub)


def launch_accept(*, launch: tool.Launch, course: CoursePage) -> LaunchOutcome:
    """Record a validated launch: the person's account and identity, the resource link (with
    where scores go), the outbox row of their score; then enrol them in the course. A refused
    enrolment (prerequisites, no open cohort…) is reported, the rest stays."""
    with transaction.atomic():
        identity = _identity(launch)
        link, _created = ResourceLink.objects.update_or_create(
            platform_id=launch.platform_id,
            resource_link_id=launch.resource_link_id,
            defaults={
                "deployment_id": launch.deployment_pk,
                "course": course,
                "title": launch.resource_link_title[:255],
                "lineitem_url": launch.lineitem_url,
                "scopes": list(launch.scopes),
                "updated_at": timezone.now(),
            },
        )
        GradeSync.objects.get_or_create(identity=identity, resource_link=link)
    user = identity.user
    if not user.is_active:
        return LaunchOutcome(user_id=user.pk, course=course, enrolment_error="", blocked=True)
    error = ""
    try:
        enrolment_create(user=user, course=course)
    except CourseError as refusal:
        if refusal.code != "already":
            error = refusal.message
    # Launched again after completing the course: the platform gets the score now.
    for completed in course.enrolments.filter(user=user, completed_at__isnull=False):
        grade_sync_queue(
            user_id=user.pk,
            course_id=course.pk,
            enrolment_id=completed.pk,
            completed_at=completed.completed_at,
        )
    return LaunchOutcome(user_id=user.pk, course=course, enrolment_error=error)


# --- Scores -------------------------------------------------------------------------------------


def grade_sync_queue(*, user_id: int, course_id: int, enrolment_id: int, completed_at) -> list[int]:
    """Fill in the score of the person's links to the course and mark them to be sent.
    Returns the ids of the rows to send (the caller queues them)."""
    score = selectors.course_score(enrolment_id=enrolment_id)
    rows = GradeSync.objects.filter(
        identity__user_id=user_id,
        resource_link__course_id=course_id,
        status__in=[GradeSync.Status.WAITING, GradeSync.Status.FAILED],
    ).exclude(resource_link__lineitem_url="")
    ids = list(rows.values_list("pk", flat=True))
    GradeSync.objects.filter(pk__in=ids).update(
        status=GradeSync.Status.PENDING, score=score, completed_at=completed_at, last_error=""
    )
    from . import tasks

    for pk in ids:
        tasks.post_score.delay_on_commit(pk)
    return ids


class Outcome(Enum):
    SENT = "sent"
    FAILED = "failed"  # the platform refused the score: sending it again changes nothing
    RETRY = "retry"  # the platform is down or failed: try again later
    SKIPPED = "skipped"  # not waiting to be sent


def grade_sync_send(grade_sync_id: int) -> Outcome:
    """One attempt to send a score. Safe to run twice: only a row still to be sent is sent,
    and the platform keeps the latest score of a person on a line item."""
    row = (
        GradeSync.objects.select_related("identity", "resource_link__platform")
        .filter(pk=grade_sync_id, status=GradeSync.Status.PENDING)
        .first()
    )
    if row is None:
        return Outcome.SKIPPED
    link = row.resource_link
    now = timezone.now()
    try:
        tool.post_score(
            platform=link.platform,
            lineitem_url=link.lineitem_url,
            scopes=list(link.scopes),
            user_id=row.identity.sub,
            score_given=float(row.score if row.score is not None else 100),
            score_maximum=100.0,
            timestamp=(row.completed_at or now).isoformat(),
        )
    except tool.ScoreError as error:
        outcome = Outcome.RETRY if error.retry else Outcome.FAILED
        changes = {"last_error": str(error)[:2000]}
        if not error.retry:
            changes["status"] = GradeSync.Status.FAILED
        logger.warning("LTI score %s: %s (%s)", row.pk, outcome.value, error)
    else:
        outcome = Outcome.SENT
        changes = {"status": GradeSync.Status.SENT, "sent_at": now, "last_error": ""}
    GradeSync.objects.filter(pk=row.pk, status=GradeSync.Status.PENDING).update(
        tries=F("tries") + 1, last_try_at=now, **changes
    )
    return outcome


def pending_for_resend(*, limit: int = 500) -> list[int]:
    """Scores waiting that the queue seems to have lost: never tried and older than a minute,
    or last tried longer ago than the longest retry delay."""
    now = timezone.now()
    return list(
        GradeSync.objects.filter(status=GradeSync.Status.PENDING)
        .filter(
            Q(last_try_at__isnull=True, completed_at__lt=now - timedelta(minutes=1))
            | Q(last_try_at__lt=now - timedelta(minutes=15))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
