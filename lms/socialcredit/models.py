"""Social student credit: programmes with their hour cap and voucher tiers, students taking
part, and their placements at host organisations.

Practice shifts are entries of the hours ledger (``lms.hours``) recorded through its api with
the reference ``sc<participation>:pl<placement>:<random>``, so the ledger stays the one place
hours live and this app only counts them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

DEFAULT_HOUR_CAP = 70
DEFAULT_CREDIT_CEILING = 7
CURRENCIES = [
    ("KZT", "KZT (₸)"),
    ("RUB", "RUB (₽)"),
    ("KGS", "KGS"),
    ("UZS", "UZS"),
    ("TJS", "TJS"),
]


def shift_prefix(participation_id: int, placement_id: int | None = None) -> str:
    """The start of the ledger reference of a participation's (or a placement's) shifts."""
    prefix = f"sc{participation_id}:"
    return prefix if placement_id is None else f"{prefix}pl{placement_id}:"


class Programme(ClusterableModel):
    """A programme year of social credit run by an organisation (the programme's
    administrator): who takes part, how many hours count, what they earn."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="social_credit_programmes",
        verbose_name=_("administered by"),
        help_text=_("Its programme coordinators see the vouchers and mark them paid."),
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    hour_cap = models.PositiveSmallIntegerField(
        _("hour cap"),
        default=DEFAULT_HOUR_CAP,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_("At most this many hours of practice count in the programme year."),
    )
    credit_ceiling = models.PositiveSmallIntegerField(
        _("academic credits a year, at most"),
        default=DEFAULT_CREDIT_CEILING,
        validators=[MaxValueValidator(60)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="KZT")
    universities = ParentalManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="social_credit_universities",
        verbose_name=_("participating universities"),
        limit_choices_to={"kind": "university"},
    )
    hosts = ParentalManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="social_credit_hosts",
        verbose_name=_("host organisations"),
    )
    is_open = models.BooleanField(
        _("accepting applications"),
        default=True,
        help_text=_("Students can apply for placements while the programme is open."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldPanel("organisation"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading=_("Period")),
        FieldRowPanel(
            [FieldPanel("hour_cap"), FieldPanel("credit_ceiling"), FieldPanel("currency")],
            heading=_("Rules"),
        ),
        InlinePanel("tiers", heading=_("Voucher tiers"), label=_("Tier"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("universities"), FieldPanel("hosts")], heading=_("Who takes part")
        ),
        FieldPanel("is_open"),
    ]

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("social-credit programme")
        verbose_name_plural = _("social-credit programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="programme_period_in_order",
            ),
            models.CheckConstraint(condition=Q(hour_cap__gt=0), name="programme_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Tier(Orderable):
    """Reaching ``hours`` confirmed hours earns a voucher worth ``amount`` in total and
    ``credits`` academic credits in total; a higher tier pays what the lower ones did not."""

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="tiers")
    hours = models.PositiveSmallIntegerField(
        _("confirmed hours"), validators=[MinValueValidator(1)]
    )
    amount = models.DecimalField(
        _("voucher amount in total"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    credits = models.PositiveSmallIntegerField(_("academic credits in total"), default=0)

    panels = [FieldPanel("hours"), FieldPanel("amount"), FieldPanel("credits")]

    class Meta(Orderable.Meta):
        verbose_name = _("voucher tier")
        verbose_name_plural = _("voucher tiers")
        constraints = [
            models.UniqueConstraint(fields=["programme", "hours"], name="tier_unique_hours")
        ]

    def __str__(self) -> str:
        return f"{self.hours} h → {self.amount}"


class Participation(models.Model):
    """A student in a programme: their university and student ID. Its row is locked while
    hours are counted against the cap, so concurrent shifts and confirmations queue."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="social_credit_participations",
        verbose_name=_("student"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("programme"),
    )
    university = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="social_credit_students",
        verbose_name=_("university"),
    )
    student_id = models.CharField(_("student ID"), max_length=40)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"], name="participation_unique_student"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.programme}"


class Placement(models.Model):
    """A student's practice at a host organisation: applied, then accepted with a named
    supervisor (or declined); finished when the host or the student ends it."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Waiting for the host")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        FINISHED = "finished", _("Finished")

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("participation"),
    )
    host = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="social_credit_placements",
        verbose_name=_("host organisation"),
    )
    motivation = models.TextField(_("why this organisation"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLIED
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_placements",
        verbose_name=_("supervisor"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    starts_on = models.DateField(_("practice from"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    feedback = models.TextField(_("supervisor's feedback"), blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("feedback by"),
    )
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    # E-mails sent once: the host told of the application, the student of the answer.
    host_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    student_notified_status = models.CharField(max_length=12, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            # One live application or placement per student and host in a programme.
            models.UniqueConstraint(
                fields=["participation", "host"],
                condition=Q(status__in=["applied", "accepted"]),
                name="placement_one_live_per_host",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(supervisor__isnull=False),
                name="placement_accepted_has_supervisor",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="placement_declined_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["host", "status"], name="placement_host_status")]

    def __str__(self) -> str:
        return f"{self.participation.user} — {self.host}"

    @property
    def shift_prefix(self) -> str:
        return shift_prefix(self.participation_id, self.pk)
