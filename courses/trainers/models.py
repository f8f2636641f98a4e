"""Trainer profiles, webinars, registrations, attendance, reminders and calendar feeds.

Imported by ``courses.models`` so that they belong to the courses app.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class TrainerProfile(models.Model):
    """A regional trainer. Certified by completing a trainer-training course; a coordinator
    of one of the trainer's regions can suspend them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trainer_profile",
        verbose_name=_("person"),
    )
    regions = models.ManyToManyField(
        "accounts.Region", blank=True, related_name="trainers", verbose_name=_("regions")
    )
    languages = models.CharField(
        _("languages"),
        max_length=40,
        default="ru",
        help_text=_("Language codes, comma-separated: ru, kk, en."),
    )
    topics = models.ManyToManyField(
        "pages.MaterialTopic", blank=True, related_name="trainers", verbose_name=_("topics")
    )
    bio = models.TextField(_("about"), max_length=1500, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    certified_at = models.DateTimeField(_("certified"), null=True, blank=True)
    certified_by_course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certified by the course"),
    )
    suspended_at = models.DateTimeField(_("suspended"), null=True, blank=True)
    suspended_reason = models.TextField(_("reason for suspension"), blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suspended by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["user__full_name", "pk"]
        verbose_name = _("trainer profile")
        verbose_name_plural = _("trainer profiles")

    def __str__(self) -> str:
        return self.user.full_name or self.user.email

    @property
    def is_certified(self) -> bool:
        return self.certified_at is not None and self.suspended_at is None

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code in LANGUAGE_CODES]

    @property
    def language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.language_codes]


class Webinar(models.Model):
    """A live session a trainer runs for a cohort or as an open event. Times are stored in
    UTC and shown in each viewer's zone."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="webinars_as_trainer",
        verbose_name=_("trainer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="webinars",
        verbose_name=_("course"),
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webinars",
        verbose_name=_("cohort"),
        help_text=_("Empty: an open event anyone enrolled in the course can join."),
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    meeting_url = models.URLField(
        _("link to the meeting"),
        max_length=500,
        help_text=_("BigBlueButton, Jitsi, Zoom or any other address."),
    )
    recording_url = models.URLField(_("recording"), max_length=500, blank=True)
    materials = models.TextField(
        _("materials"), blank=True, max_length=3000, help_text=_("Links and notes, one per line.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Grows with every change sent to calendars.")
    )
    hours_recorded = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("webinar")
        verbose_name_plural = _("webinars")
        indexes = [
            models.Index(fields=["trainer", "starts_at"]),
            models.Index(fields=["starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class WebinarRegistration(models.Model):
    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webinar_registrations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("webinar registration")
        verbose_name_plural = _("webinar registrations")
        constraints = [
            models.UniqueConstraint(fields=["webinar", "user"], name="webinar_registration_once")
        ]

    def __str__(self) -> str:
        return f"{self.webinar_id}: {self.user_id}"


class Attendance(models.Model):
    """Who was present at a webinar, from the trainer's roster or a meeting report."""

    class Source(models.TextChoices):
        ROSTER = "roster", _("Marked by the trainer")
        BBB = "bbb", _("BigBlueButton report")
        ZOOM = "zoom", _("Zoom report")

    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webinar_attendance"
    )
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes present"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["webinar", "user"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["webinar", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.webinar_id}: {self.user_id} {self.minutes}′"


class WebinarNotice(models.Model):
    """An e-mail sent about a webinar, recorded before sending so it goes out once: a
    reminder per start time, a notice per change."""

    class Kind(models.TextChoices):
        DAY = "day", _("Reminder a day before")
        HOUR = "hour", _("Reminder an hour before")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The start time a reminder was for, or the sequence a change notice announced.
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["webinar", "user", "kind", "key"], name="webinar_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.webinar_id}: {self.user_id} {self.kind}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's iCalendar feed of their webinars."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user_id}"
