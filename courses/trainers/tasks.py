"""Reminders and change notices for webinars, each sent once: the notice is recorded (a unique
row) before the e-mail goes, so a task that runs twice, or two beat runs at once, send one."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from celery import shared_task
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone, translation

from lms.accounts import api as accounts
from lms.web import send_templated_mail

from .calendar import webinar_url
from .models import Webinar, WebinarNotice

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


def _notify(webinar: Webinar, user_id: int, kind: str, key: str) -> bool:
    """Send a notice once: its row is claimed and the mail sent in one transaction, so a
    concurrent run waits on the claim and then skips, and a failed send leaves no claim (the
    next run tries again). False if it was sent before."""
    try:
        with transaction.atomic():
            WebinarNotice.objects.create(webinar=webinar, user_id=user_id, kind=kind, key=key)
            _send(webinar, user_id, kind)
    except IntegrityError:
        return False
    return True


def _send(webinar: Webinar, user_id: int, kind: str) -> None:
    person = accounts.get_user(user_id)
    if person is None:
        return
    zone = ZoneInfo(person.time_zone)
    with translation.override(person.preferred_language), timezone.override(zone):
        # "Today" or "tomorrow" in the recipient's own calendar (someone who registers two hours
        # before gets the first reminder on the day itself).
        today = timezone.localdate()
        context = {
            "webinar": webinar,
            "person": person,
            "url": webinar_url(webinar),
            "kind": kind,
            "is_today": timezone.localtime(webinar.starts_at).date() == today,
        }
    send_templated_mail(
        template="courses/email/webinar",
        context=context,
        to=person.email,
        language=person.preferred_language,
        time_zone=zone,
    )


def _recipients(webinar: Webinar, kind: str | None = None, key: str | None = None) -> list[int]:
    """Registered people, leaving out those already told (the unique claim still decides)."""
    people = webinar.registrations.values_list("user_id", flat=True)
    if kind is not None:
        told = WebinarNotice.objects.filter(webinar=webinar, kind=kind, key=key).values("user_id")
        people = people.exclude(user_id__in=told)
    return list(people)


@shared_task(soft_time_limit=240, time_limit=300, **RETRY)
def send_webinar_reminders() -> int:
    """Run by beat every few minutes: a reminder a day before and an hour before each
    webinar, once per person and start time (a moved webinar is reminded again)."""
    now = timezone.now()
    sent = 0
    upcoming = Webinar.objects.filter(
        status=Webinar.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)
    )
    for webinar in upcoming:
        kind = (
            WebinarNotice.Kind.HOUR
            if webinar.starts_at - now <= timedelta(hours=1)
            else WebinarNotice.Kind.DAY
        )
        key = webinar.starts_at.isoformat()
        for user_id in _recipients(webinar, kind, key):
            if _notify(webinar, user_id, kind, key):
                sent += 1
    return sent


@shared_task(soft_time_limit=240, time_limit=300, **RETRY)
def notify_webinar_change(webinar_id: int, kind: str) -> int:
    """Tell registered people that a webinar moved or was cancelled (once per change)."""
    webinar = Webinar.objects.filter(pk=webinar_id).first()
    if webinar is None:
        return 0
    sent = 0
    key = str(webinar.sequence)
    for user_id in _recipients(webinar, kind, key):
        if _notify(webinar, user_id, kind, key):
            sent += 1
    return sent
