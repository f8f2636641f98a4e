import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    """An xAPI statement waiting for, or done with, delivery to the LRS (the outbox)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        REJECTED = "rejected", _("Rejected by the LRS")

    id = models.UUIDField(_("statement id"), primary_key=True, default=uuid.uuid4, editable=False)
    verb = models.CharField(_("verb"), max_length=32, db_index=True)
    statement = models.JSONField(_("statement"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        indexes = [models.Index(fields=["status", "created_at"], name="xapi_pending")]

    def __str__(self) -> str:
        return f"{self.verb} {self.id}"
