"""People, the regions they work in, the organisations they belong to and their roles there."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lms.i18n import MultilingualNameMixin


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(value)s"), params={"value": value})


class Region(MultilingualNameMixin):
    """A region of a country: an oblast, a republic, a city of federal or republican rank."""

    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("ISO 3166-2 code, for example KZ-71 (Astana) or RU-KR."),
    )
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, validators=[validate_time_zone], default="Asia/Almaty"
    )

    class Meta:
        ordering = ["country", "name_ru"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Direction(MultilingualNameMixin):
    """A direction of volunteering ("направление") that courses, programmes and reports are
    grouped by: health care, education, mentoring of children in care, heritage, environment…
    Editors keep the list; it is data, not code."""

    code = models.SlugField(_("code"), unique=True, max_length=40)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")


class Organisation(models.Model):
    """An organisation people work at. The coordinators of a regional front office (or any
    other organisation) coordinate its region; those of a national front office coordinate
    every region of its country."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Socially oriented NGO")
        SOCIAL_INSTITUTION = "social", _("State or municipal social-service institution")
        UNIVERSITY = "university", _("University")
        SUPPORT_CENTRE = "centre", _("Volunteer support centre")
        FRONT_OFFICE = "front_office", _("Regional front office")
        NATIONAL_OFFICE = "national_office", _("National front office")
        CHILDRENS_HOME = "childrens_home", _("Children's home")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="organisation_unique_in_region")
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: learner, trainer, coordinator, mentor, student, editor. Logs in by e-mail."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=255)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Dates and times are shown in this zone. Empty: the region's zone."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Membership(models.Model):
    """A person's role at an organisation. One person may hold several roles."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Volunteer coordinator")
        TRAINER = "trainer", _("Regional trainer")
        SUPERVISOR = "supervisor", _("Host supervisor")
        MENTOR = "mentor", _("Mentor")
        PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
        UNIVERSITY = "university", _("University social-credit officer")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"
