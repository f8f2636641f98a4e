"""The volunteer-hours ledger: one entry per activity, confirmed or rejected at its organisation."""

import secrets
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MAX_MINUTES = 24 * 60


def evidence_path(entry: "HoursEntry", filename: str) -> str:
    """Evidence is stored under a random name (the person's own file name stays private) and
    served only through the ledger's permission-checked view."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"hours/evidence/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}{suffix}"


def minutes_to_hours(minutes: int | None) -> Decimal:
    """Minutes as hours with one decimal (90 → 1.5, 100 → 1.7)."""
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_hours(minutes: int | None) -> str:
    """Minutes as hours with one decimal in the reader's number format (90 → "1,5")."""
    return number_format(minutes_to_hours(minutes), decimal_pos=1)


class HoursEntry(models.Model):
    """One activity of one person: a practice shift, a mentoring session, a webinar delivered,
    an event. Submitted entries wait for a supervisor or coordinator of the organisation."""

    class Source(models.TextChoices):
        PRACTICE = "practice", _("Practice shift")
        MENTORING = "mentoring", _("Mentoring session")
        WEBINAR = "webinar", _("Webinar delivered")
        EVENT = "event", _("Event")
        OTHER = "other", _("Other activity")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hours_entries",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entries",
        verbose_name=_("organisation"),
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("duration in minutes"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)],
    )
    description = models.TextField(_("what was done"))
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_path,
        blank=True,
        max_length=200,
        help_text=_("A photo or a document: JPG, PNG, PDF or DOCX."),
    )
    source = models.CharField(
        _("kind of activity"), max_length=16, choices=Source.choices, default=Source.EVENT
    )
    source_ref = models.CharField(
        _("reference in the recording app"),
        max_length=100,
        blank=True,
        help_text=_("Set by the app that recorded the entry; one entry per reference."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hours_decided",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    notified_at = models.DateTimeField(
        _("person notified at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("hours entry")
        verbose_name_plural = _("volunteer hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MAX_MINUTES),
                name="hours_entry_minutes_within_a_day",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="hours_entry_rejection_has_reason",
            ),
            models.UniqueConstraint(
                fields=["user", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="hours_entry_unique_source_ref",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "date"], name="hours_entry_user_date"),
            models.Index(fields=["organisation", "status"], name="hours_entry_org_status"),
        ]

    def __str__(self) -> str:
        person = self.user if self.user_id else "—"
        day = self.date.isoformat() if self.date else "—"
        return f"{person} — {day} — {self.hours} h"

    @property
    def hours(self) -> Decimal:
        return minutes_to_hours(self.minutes)


class SupervisorDigest(models.Model):
    """The daily e-mail to a person who confirms hours, listing what waits for them: one row
    per person and local day, claimed in the transaction that sends it (so it goes once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hours_digests",
        verbose_name=_("person"),
    )
    day = models.DateField(_("day (in the person's time zone)"))
    entries = models.PositiveIntegerField(_("entries waiting"), default=0)
    minutes = models.PositiveIntegerField(_("minutes waiting"), default=0)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-day", "user"]
        verbose_name = _("supervisors' digest")
        verbose_name_plural = _("supervisors' digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="hours_digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.day.isoformat() if self.day else '—'}"
