"""Certificates: templates, per-course settings, issued certificates with their revisions,
the audit trail and cohort archives; social-credit vouchers with their students' accounts."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, PreviewableMixin

VERIFICATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type


def new_verification_code() -> str:
    """16 random characters (80 bits) from an alphabet without look-alikes."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(16))


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """How a certificate looks: a WeasyPrint layout in one language with its images."""

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default="landscape"
    )
    title = models.CharField(
        _("heading on the certificate"),
        max_length=120,
        blank=True,
        help_text=_("Empty: “Certificate” in the template's language."),
    )
    issuer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuing organisation"),
        help_text=_("Empty: the platform's name."),
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background image"),
    )
    layout_html = models.TextField(
        _("layout (HTML)"),
        blank=True,
        help_text=_(
            "A Django template. Empty: the standard layout. Data: recipient_name, course_title, "
            "hours, completed_on, valid_until, serial, issuer_name, signatories, logos, qr_svg, "
            "verify_url."
        ),
    )
    layout_css = models.TextField(
        _("layout (CSS)"), blank=True, help_text=_("Added after the standard styles.")
    )
    is_default = models.BooleanField(
        _("default for its language"),
        default=False,
        help_text=_("Used by courses that have not chosen a template."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("language"),
        FieldPanel("orientation"),
        FieldPanel("title"),
        FieldPanel("issuer"),
        FieldPanel("is_default"),
        FieldPanel("background"),
        InlinePanel("signatories", label=_("Signatories"), max_num=4),
        InlinePanel("logos", label=_("Organisation logos"), max_num=4),
        MultiFieldPanel(
            [FieldPanel("layout_html"), FieldPanel("layout_css")],
            heading=_("Layout"),
            classname="collapsed",
        ),
    ]

    class Meta:
        ordering = ["language", "name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["language"],
                condition=models.Q(is_default=True),
                name="certificate_template_one_default_per_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_language_display()})"

    def clean(self) -> None:
        super().clean()
        if self.layout_html:
            from .rendering import LayoutError, check_layout

            try:
                check_layout(self.layout_html)
            except LayoutError as error:
                raise ValidationError({"layout_html": str(error)}) from error
        if self.is_default:
            others = CertificateTemplate.objects.filter(language=self.language, is_default=True)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"is_default": _("Another template is already the default for this language.")}
                )

    # Wagtail preview: the certificate as a PDF with sample data.
    preview_modes = [("pdf", _("PDF with sample data"))]

    def serve_preview(self, request, mode_name):
        from .views import template_preview_response

        return template_preview_response(self)


class Signatory(Orderable):
    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("signature")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")


class Logo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("logo")
    )
    name = models.CharField(_("organisation"), max_length=200, help_text=_("Used as the alt text."))

    panels = [FieldPanel("image"), FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("logo")
        verbose_name_plural = _("logos")


class CourseCertificate(ClusterableModel):
    """A course's certificate settings: its templates (one per language offered) and how long
    its certificates stay valid. Courses without settings use the default template of their
    language and never expire."""

    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    templates = ParentalManyToManyField(
        CertificateTemplate,
        blank=True,
        related_name="courses",
        verbose_name=_("templates"),
        help_text=_(
            "One per language. With several, each learner gets the certificate in their own "
            "language if it is offered, else in the course's."
        ),
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Empty: valid without a time limit. E.g. 24 for first-aid training."),
    )

    panels = [
        PageChooserPanel("course", page_type="courses.CoursePage"),
        FieldPanel("templates"),
        FieldPanel("valid_months"),
    ]

    class Meta:
        verbose_name = _("course certificate settings")
        verbose_name_plural = _("course certificate settings")

    def __str__(self) -> str:
        return str(self.course)


class SerialCounter(models.Model):
    """The last number handed out for a prefix and year; locked while a serial is taken."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="serial_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Certificate(models.Model):
    """One per completed enrolment. The snapshot fields hold what the current revision's PDF
    says; earlier revisions are kept in :class:`CertificateRevision`."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the year"))
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_verification_code
    )
    enrolment_id = models.PositiveBigIntegerField(_("enrolment"), unique=True)
    course_id = models.PositiveBigIntegerField(_("course"), db_index=True)
    cohort_id = models.PositiveBigIntegerField(_("cohort"), null=True, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    region_id = models.PositiveBigIntegerField(_("learner's region"), null=True, blank=True)
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("template"),
    )
    # The snapshot: what the certificate certifies, frozen at issue or re-issue.
    recipient_name = models.CharField(_("recipient"), max_length=200)
    course_title = models.CharField(_("course title"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    completed_on = models.DateField(_("completed on"))
    issuer_name = models.CharField(_("issuing organisation"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recipient_salt = models.CharField(max_length=32, default="")
    recipient_hash = models.CharField(max_length=80, default="")
    # The current revision and its frozen file.
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="certificate_number_in_year")
        ]
        indexes = [models.Index(fields=["user", "-issued_at"])]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_rendered(self) -> bool:
        return bool(self.sha256)


class CertificateRevision(models.Model):
    """A superseded revision: its PDF's hash and when it stopped being current. The file and
    the text are not kept public: only the hash, so an old copy can be recognised."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField()
    sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="certificates/", blank=True)
    snapshot = models.JSONField(default=dict)
    issued_at = models.DateTimeField()
    superseded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["certificate", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "revision"], name="certificate_revision_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} r{self.revision}"


class CertificateEvent(models.Model):
    """The audit trail: who did what to a certificate, when and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RENDERED = "rendered", _("PDF stored")
        REVOKED = "revoked", _("Revoked")
        REISSUED = "reissued", _("Re-issued")
        EMAILED = "emailed", _("E-mail sent")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.action}"


class CertificateArchive(models.Model):
    """A ZIP of a cohort's certificates, prepared by a task for the person who asked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    cohort_id = models.PositiveBigIntegerField(_("cohort"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="certificate-archives/", blank=True)
    count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"cohort {self.cohort_id}: {self.status}"


# --- Social-credit vouchers ------------------------------------------------------------


class VoucherAccount(models.Model):
    """A student's account in a social-credit programme: its row is locked while the
    differences a new voucher pays are computed, so concurrent issuing never pays twice."""

    user_id = models.PositiveBigIntegerField(_("student"))
    programme_id = models.PositiveBigIntegerField(_("programme"))
    participation_id = models.PositiveBigIntegerField(_("participation"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_id", "programme_id"], name="voucher_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.programme_id}"


class Voucher(models.Model):
    """What a student earns by reaching a tier of a social-credit programme: the amount and
    academic credits the tier adds to the tiers below (never the same money twice), with a
    snapshot of what the voucher and its academic-credit statement say. One per student and
    tier."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued, not paid yet")
        PAID = "paid", _("Paid")

    serial = models.CharField(_("serial number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the year"))
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=new_verification_code
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vouchers",
        verbose_name=_("student"),
    )
    participation_id = models.PositiveBigIntegerField(_("participation"), db_index=True)
    programme_id = models.PositiveBigIntegerField(_("programme"))
    tier_id = models.PositiveBigIntegerField(_("tier"))
    tier_hours = models.PositiveSmallIntegerField(_("tier (hours)"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    credits = models.PositiveSmallIntegerField(_("academic credits"), default=0)
    currency = models.CharField(_("currency"), max_length=3)
    confirmed_minutes = models.PositiveIntegerField(_("confirmed minutes at issue"))
    # The snapshot: what the documents say, frozen at issue.
    recipient_name = models.CharField(_("student's name"), max_length=200)
    student_id = models.CharField(_("student ID"), max_length=40)
    university_id = models.PositiveBigIntegerField(_("university"))
    university_name = models.CharField(_("university"), max_length=255)
    programme_title = models.CharField(_("programme"), max_length=255)
    issuer_name = models.CharField(_("issuing organisation"), max_length=255)
    host_names = models.JSONField(_("host organisations"), default=list, blank=True)
    supervisor_names = models.JSONField(_("supervisors"), default=list, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The frozen files.
    pdf = models.FileField(_("voucher PDF"), upload_to="vouchers/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the voucher PDF"), max_length=64, blank=True)
    statement_pdf = models.FileField(_("statement PDF"), upload_to="vouchers/", blank=True)
    statement_sha256 = models.CharField(
        _("SHA-256 of the statement PDF"), max_length=64, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked paid by"),
    )
    notified_at = models.DateTimeField(_("student told"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("social-credit voucher")
        verbose_name_plural = _("social-credit vouchers")
        constraints = [
            models.UniqueConstraint(fields=["user", "tier_id"], name="voucher_once_per_tier"),
            models.UniqueConstraint(fields=["year", "number"], name="voucher_number_in_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="voucher_amount"),
            models.CheckConstraint(
                condition=models.Q(status="issued") | models.Q(paid_at__isnull=False),
                name="voucher_paid_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["programme_id", "status"], name="voucher_programme_status"),
            models.Index(fields=["university_id", "status"], name="voucher_university_status"),
            models.Index(fields=["user", "-created_at"], name="voucher_user_created"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_rendered(self) -> bool:
        return bool(self.sha256 and self.statement_sha256)

    @property
    def hours(self) -> Decimal:
        """The confirmed hours the voucher was issued at."""
        return (Decimal(self.confirmed_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def hosts_display(self) -> str:
        return ", ".join(self.host_names)

    @property
    def supervisors_display(self) -> str:
        return ", ".join(self.supervisor_names)
