"""Content packages and learners' attempts at them.

Imported by ``courses.models`` so that they belong to the courses app.
"""

import uuid

from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentPackage(models.Model):
    """An uploaded SCORM or H5P package. Its files live in the default storage under
    ``packages/<key>/``; the row is created only after every file was stored."""

    class Kind(models.TextChoices):
        SCORM12 = "scorm12", "SCORM 1.2"
        SCORM2004 = "scorm2004", "SCORM 2004"
        H5P = "h5p", "H5P"

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, editable=False)
    launch = models.CharField(_("launch file"), max_length=1000, blank=True, editable=False)
    mastery_score = models.PositiveSmallIntegerField(
        _("mastery score"), null=True, blank=True, editable=False
    )
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0, editable=False)
    file_count = models.PositiveIntegerField(_("files"), default=0, editable=False)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("content package")
        verbose_name_plural = _("content packages")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def is_scorm(self) -> bool:
        return self.kind in (self.Kind.SCORM12, self.Kind.SCORM2004)

    @property
    def size_display(self) -> str:
        return filesizeformat(self.size)

    def storage_path(self, name: str = "") -> str:
        return f"packages/{self.key}/{name}"


class PackageAttempt(models.Model):
    """A learner's progress in one package block of one lesson: the SCORM data model values
    (or the H5P result), kept across sessions so that the package resumes where it stopped."""

    enrolment = models.ForeignKey(
        "courses.Enrolment",
        on_delete=models.CASCADE,
        related_name="package_attempts",
        verbose_name=_("enrolment"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="package_attempts",
        verbose_name=_("lesson"),
    )
    block_id = models.CharField(_("block"), max_length=64)
    # A deleted package leaves the learners' records (and the lessons they completed) intact.
    package = models.ForeignKey(
        ContentPackage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("package"),
    )
    cmi = models.JSONField(_("data model values"), default=dict, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    completion = models.CharField(_("completion status"), max_length=20, blank=True)
    success = models.CharField(_("success status"), max_length=20, blank=True)
    score = models.FloatField(_("score, %"), null=True, blank=True)
    score_raw = models.FloatField(_("raw score"), null=True, blank=True)
    score_min = models.FloatField(_("minimum score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("package attempt")
        verbose_name_plural = _("package attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson", "block_id"], name="package_attempt_once_per_block"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.block_id} {self.completion}"
