"""Partner platforms, their deployments, the tool's own keys, the people and resource links
launches bring, and the outbox of scores sent back."""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


def validate_key_set(value: str) -> None:
    """A pasted key set must be a JWKS document: ``{"keys": [{...}, ...]}``."""
    if not value.strip():
        return
    try:
        data = json.loads(value)
    except ValueError:
        raise ValidationError(_("The key set is not valid JSON.")) from None
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list) or not keys or not all(isinstance(k, dict) for k in keys):
        raise ValidationError(_('The key set must look like {"keys": [ … ]}.'))


class Platform(ClusterableModel):
    """A partner LMS that launches Вектор's courses (an LTI 1.3 platform registration)."""

    name = models.CharField(_("name"), max_length=200)
    issuer = models.URLField(
        _("issuer"),
        max_length=255,
        help_text=_("The platform's issuer (iss), e.g. https://lms.example.org"),
    )
    client_id = models.CharField(
        _("client ID"), max_length=255, help_text=_("The client ID the platform gave Вектор.")
    )
    auth_login_url = models.URLField(
        _("authentication request URL"),
        max_length=500,
        help_text=_("The platform's OIDC authorisation endpoint."),
    )
    auth_token_url = models.URLField(
        _("access token URL"),
        max_length=500,
        help_text=_("The platform's OAuth 2 token endpoint (for sending scores)."),
    )
    auth_audience = models.CharField(
        _("token audience"),
        max_length=500,
        blank=True,
        help_text=_("Only if the platform asks for one; empty: the access token URL."),
    )
    key_set_url = models.URLField(
        _("key set URL"),
        max_length=500,
        blank=True,
        help_text=_("The platform's public keys (JWKS URL). Preferred: keys rotate by themselves."),
    )
    key_set = models.TextField(
        _("key set"),
        blank=True,
        validators=[validate_key_set],
        help_text=_("Or paste the platform's public key set (JWKS JSON) if it has no URL."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("The partner organisation, for regional reports."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Launches from an inactive platform are refused.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner platform")
        verbose_name_plural = _("partner platforms")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.key_set_url and not self.key_set.strip():
            raise ValidationError(
                {"key_set_url": _("Give the platform's key set URL or paste its key set.")}
            )


class Deployment(models.Model):
    """A deployment of Вектор on a platform (the platform tells its id)."""

    platform = ParentalKey(Platform, on_delete=models.CASCADE, related_name="deployments")
    deployment_id = models.CharField(_("deployment ID"), max_length=255)

    class Meta:
        ordering = ["deployment_id"]
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id"], name="lti_deployment_unique"
            )
        ]

    def __str__(self) -> str:
        return self.deployment_id


class ToolKey(models.Model):
    """A key pair of the tool. The newest unretired one signs; the JWKS publishes it and the
    ones retired lately, so that platforms that cached an older key keep working."""

    kid = models.CharField(_("key ID"), max_length=64, unique=True)
    private_key = models.TextField(_("private key (PEM)"))
    public_jwk = models.JSONField(_("public key (JWK)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tool key")
        verbose_name_plural = _("tool keys")

    def __str__(self) -> str:
        return self.kid


class Identity(models.Model):
    """A person of a partner platform (its ``sub``) linked to the account made for them."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="identities")
    sub = models.CharField(_("platform user ID"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identities"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_launch_at = models.DateTimeField(_("last launch"), default=timezone.now)

    class Meta:
        verbose_name = _("platform identity")
        verbose_name_plural = _("platform identities")
        constraints = [
            models.UniqueConstraint(fields=["platform", "sub"], name="lti_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.platform}: {self.sub}"


class ResourceLink(models.Model):
    """A link in a partner's course that opens one of Вектор's courses, with the line item
    scores go to (Assignment and Grade Services)."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="resource_links")
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="+")
    resource_link_id = models.CharField(_("resource link ID"), max_length=255)
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    lineitem_url = models.URLField(_("line item URL"), max_length=1000, blank=True)
    scopes = models.JSONField(_("scopes"), default=list)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("resource link")
        verbose_name_plural = _("resource links")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "resource_link_id"], name="lti_resource_link_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.resource_link_id


class GradeSync(models.Model):
    """The score of one person on one resource link, to be sent to the platform (an outbox
    row: made at the launch, filled and sent when the course is completed)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for completion")
        PENDING = "pending", _("To be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Refused by the platform")

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="grades")
    resource_link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="grades")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_try_at = models.DateTimeField(_("last try"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("score for a platform")
        verbose_name_plural = _("scores for platforms")
        constraints = [
            models.UniqueConstraint(
                fields=["identity", "resource_link"], name="lti_grade_sync_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "last_try_at"])]

    def __str__(self) -> str:
        return f"{self.identity} — {self.resource_link}"
