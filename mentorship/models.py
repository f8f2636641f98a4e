"""Mentoring programmes for children and young people in care: screened mentors, mentees kept
to the least data, matches with their check-ins, the mentors' session logs and concerns, and
the alerts coordinators get.

Children's data is kept to a pseudonymous code, an age band, the institution, interests and a
coordinator-only note. A mentee's ``str()`` and ``repr()`` carry only its database id, so the
code never reaches a log line or a traceback by accident.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel

OPEN_MATCH_STATUSES = ("proposed", "active")


class Step(models.TextChoices):
    """Screening steps a coordinator records (training is taken from the courses)."""

    INTERVIEW = "interview", _("Interview")
    POLICE_RECORD = "police_record", _("Police-record certificate")
    REFERENCES = "references", _("References")


class MentoringProgramme(ClusterableModel):
    """A mentoring programme of an organisation in some regions, with its rules."""

    class SessionHours(models.TextChoices):
        PENDING = "pending", _("Wait for a coordinator's confirmation")
        CONFIRMED = "confirmed", _("Count as confirmed at once")

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="mentoring_programmes",
        verbose_name=_("run by"),
        help_text=_("Its programme coordinators screen mentors, make matches and get alerts."),
    )
    regions = ParentalManyToManyField(
        "accounts.Region",
        blank=True,
        related_name="mentoring_programmes",
        verbose_name=_("regions"),
    )
    direction = models.ForeignKey(
        "accounts.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_programmes",
        verbose_name=_("direction"),
        help_text=_("Reports group programmes by it."),
    )
    description = models.TextField(_("description"), blank=True)
    is_open = models.BooleanField(
        _("accepting mentor applications"),
        default=True,
        help_text=_("People can apply to become mentors while the programme is open."),
    )
    # Screening
    training_course = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("training course"),
        help_text=_("A mentor must complete it before being matched."),
    )
    training_min_hours = models.DecimalField(
        _("minimum training, hours"),
        max_digits=4,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0)],
    )
    requires_interview = models.BooleanField(_("interview required"), default=True)
    requires_police_record = models.BooleanField(
        _("police-record certificate required"), default=True
    )
    requires_references = models.BooleanField(_("references required"), default=True)
    police_record_valid_months = models.PositiveSmallIntegerField(
        _("a police-record certificate is valid, months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Used when a certificate shows no expiry date of its own."),
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        _("warn of expiring documents, days ahead"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # Matches
    meetings_per_month = models.PositiveSmallIntegerField(
        _("meetings a month, at least"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    match_length_months = models.PositiveSmallIntegerField(
        _("expected match length, months"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    checkins_first_month = models.PositiveSmallIntegerField(
        _("coordinator's check-ins in a match's first month"),
        default=2,
        validators=[MaxValueValidator(8)],
    )
    checkin_interval_days = models.PositiveSmallIntegerField(
        _("then a check-in every, days"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(180)],
    )
    alert_after_days = models.PositiveSmallIntegerField(
        _("alert after days without a logged meeting"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    session_hours = models.CharField(
        _("hours of logged sessions"),
        max_length=10,
        choices=SessionHours.choices,
        default=SessionHours.PENDING,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldPanel("title"),
        FieldPanel("organisation"),
        FieldPanel("regions"),
        FieldPanel("direction"),
        FieldPanel("description"),
        FieldPanel("is_open"),
        MultiFieldPanel(
            [
                PageChooserPanel("training_course", "courses.CoursePage"),
                FieldPanel("training_min_hours"),
                FieldRowPanel(
                    [
                        FieldPanel("requires_interview"),
                        FieldPanel("requires_police_record"),
                        FieldPanel("requires_references"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("police_record_valid_months"), FieldPanel("expiry_warning_days")]
                ),
            ],
            heading=_("Before matching"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("meetings_per_month"), FieldPanel("match_length_months")]
                ),
                FieldRowPanel(
                    [FieldPanel("checkins_first_month"), FieldPanel("checkin_interval_days")]
                ),
                FieldPanel("alert_after_days"),
                FieldPanel("session_hours"),
            ],
            heading=_("Matches"),
        ),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("mentoring programme")
        verbose_name_plural = _("mentoring programmes")

    def __str__(self) -> str:
        return self.title

    @property
    def required_steps(self) -> list[str]:
        flags = {
            Step.INTERVIEW: self.requires_interview,
            Step.POLICE_RECORD: self.requires_police_record,
            Step.REFERENCES: self.requires_references,
        }
        return [str(step) for step, required in flags.items() if required]


class Mentor(models.Model):
    """A person in a programme's mentor pipeline, from the application on. Where they stand
    (applied, in screening, ready, matched) follows from their screening and matches."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the programme")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        MentoringProgramme,
        on_delete=models.PROTECT,
        related_name="mentors",
        verbose_name=_("programme"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor_applications",
        verbose_name=_("person"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    motivation = models.TextField(_("why you want to be a mentor"))
    experience = models.TextField(_("experience with children or volunteering"), blank=True)
    availability = models.CharField(_("when you can meet"), max_length=200, blank=True)
    city = models.CharField(_("city or town"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="mentor_unique_person"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="mentor_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.programme}"


class ScreeningCheck(models.Model):
    """One screening step as the coordinator recorded it. A step may be recorded again (a
    renewed certificate); the latest record of a step is the one that counts."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")

    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="checks", verbose_name=_("mentor")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    done_on = models.DateField(_("date"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("screening step")
        verbose_name_plural = _("screening steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("done_on")),
                name="screening_expires_after_done",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "step", "-done_on"], name="screening_latest")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} — {self.get_outcome_display()}"


class Mentee(models.Model):
    """A child or young person in the programme, known by a pseudonymous code."""

    class AgeBand(models.TextChoices):
        UNDER_10 = "6-9", _("6–9 years")
        TEN = "10-13", _("10–13 years")
        FOURTEEN = "14-17", _("14–17 years")
        YOUNG_ADULT = "18-23", _("18–23 years (leaving care)")

    programme = models.ForeignKey(
        MentoringProgramme,
        on_delete=models.PROTECT,
        related_name="mentees",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=16, unique=True, editable=False)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices)
    institution = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="mentees",
        verbose_name=_("institution"),
    )
    interests = models.CharField(_("interests"), max_length=300, blank=True)
    coordinator_notes = models.TextField(_("coordinators' notes"), blank=True)
    is_active = models.BooleanField(_("in the programme"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")

    def __str__(self) -> str:
        return f"mentee #{self.pk}"

    def __repr__(self) -> str:
        return f"<Mentee #{self.pk}>"


class MenteeAccess(models.Model):
    """The audit log: who opened, added or changed a mentee's record, and when."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Added")
        EDIT = "edit", _("Changed")

    mentee = models.ForeignKey(
        Mentee, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("mentee")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    place = models.CharField(_("where"), max_length=40, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("mentee record access")
        verbose_name_plural = _("mentee record accesses")

    def __str__(self) -> str:
        return f"{self.action} #{self.mentee_id} {self.at:%Y-%m-%d %H:%M}"


class Match(models.Model):
    """A mentor and a mentee: proposed by a coordinator, started with the consent of the
    child's institution or guardian, closed (as planned or early) with a reason."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("match", "Proposed")
        ACTIVE = "active", pgettext_lazy("match", "Active")
        CLOSED = "closed", pgettext_lazy("match", "Closed")
        CANCELLED = "cancelled", pgettext_lazy("match", "Cancelled")

    class ConsentBy(models.TextChoices):
        INSTITUTION = "institution", _("The child's institution")
        GUARDIAN = "guardian", _("The child's guardian")

    class Closure(models.TextChoices):
        PLANNED = "planned", _("As planned")
        EARLY = "early", _("Early")

    class Reason(models.TextChoices):
        TERM_ENDED = "term_ended", _("The planned term ended")
        MENTOR_LEFT = "mentor_left", _("The mentor could not go on")
        MENTEE_LEFT = "mentee_left", _("The child left the institution or moved")
        NOT_WORKING = "not_working", _("The relationship did not work")
        SAFEGUARDING = "safeguarding", _("Safeguarding")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        MentoringProgramme,
        on_delete=models.PROTECT,
        related_name="matches",
        verbose_name=_("programme"),
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="matches", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        Mentee, on_delete=models.PROTECT, related_name="matches", verbose_name=_("mentee")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    note = models.TextField(_("why this match"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    started_on = models.DateField(_("started"), null=True, blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    consent_by = models.CharField(
        _("consent given by"), max_length=12, choices=ConsentBy.choices, blank=True
    )
    consent_on = models.DateField(_("consent date"), null=True, blank=True)
    consent_note = models.CharField(_("consent: who and how"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closure = models.CharField(
        _("how it ended"), max_length=10, choices=Closure.choices, blank=True
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    exit_note = models.TextField(_("exit note"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=OPEN_MATCH_STATUSES),
                name="match_one_open_per_mentee",
            ),
            models.UniqueConstraint(
                fields=["mentor"],
                condition=Q(status__in=OPEN_MATCH_STATUSES),
                name="match_one_open_per_mentor",
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | (Q(started_on__isnull=False) & Q(consent_on__isnull=False) & ~Q(consent_by="")),
                name="match_active_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(reason="")),
                name="match_closed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status"], name="match_programme_status")]

    def __str__(self) -> str:
        return f"match #{self.pk}"


class CheckIn(models.Model):
    """A coordinator's check-in on a match, with the mentor or with the child's side."""

    class With(models.TextChoices):
        MENTOR = "mentor", _("The mentor")
        CHILD_SIDE = "child_side", _("The child's side (institution, guardian, the child)")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video call")
        MESSAGE = "message", _("Messages")

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("match")
    )
    date = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=12, choices=With.choices)
    channel = models.CharField(_("how"), max_length=12, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["match", "with_whom", "-date"], name="checkin_latest")]

    def __str__(self) -> str:
        return f"check-in #{self.pk}"


ACTIVITIES = [
    ("talk", _("Talking")),
    ("studies", _("Homework and studies")),
    ("sport", _("Sport and outdoor games")),
    ("creative", _("Art and crafts")),
    ("games", _("Board and card games")),
    ("reading", _("Reading")),
    ("outing", _("Outing: museum, cinema, park")),
    ("life_skills", _("Life skills: cooking, money, errands")),
    ("future", _("Career and future plans")),
]
MOODS = [
    (1, _("Very low")),
    (2, _("Low")),
    (3, _("So-so")),
    (4, _("Good")),
    (5, _("Very good")),
]


class Session(models.Model):
    """A meeting the mentor logged. Its hours go to the volunteer-hours ledger."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    match = models.ForeignKey(
        Match, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("match")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentoring_sessions",
        verbose_name=_("mentor"),
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    mode = models.CharField(_("where"), max_length=10, choices=Mode.choices)
    activities = models.JSONField(_("activities"), default=list, blank=True)
    activities_other = models.CharField(_("other activities"), max_length=200, blank=True)
    mood = models.PositiveSmallIntegerField(
        _("the child's mood"),
        choices=MOODS,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    note = models.TextField(_("notes"), blank=True)
    hours_entry_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logged_at = models.DateTimeField(_("logged"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=720), name="session_minutes_range"
            ),
            models.CheckConstraint(condition=Q(mood__gte=1) & Q(mood__lte=5), name="session_mood"),
        ]
        indexes = [
            models.Index(fields=["match", "-date"], name="session_match_date"),
            models.Index(fields=["logged_by", "-date"], name="session_mentor_date"),
        ]

    def __str__(self) -> str:
        return f"session #{self.pk}"

    @property
    def hours_ref(self) -> str:
        return f"mentoring-session:{self.pk}"


class Concern(models.Model):
    """A worry a mentor raised about the child. Its text is never changed afterwards; the
    coordinator closes it with what was done."""

    class Category(models.TextChoices):
        SAFETY = "safety", _("Safety: the child may be at risk of harm")
        HEALTH = "health", _("Health")
        WELLBEING = "wellbeing", _("Emotional wellbeing")
        BEHAVIOUR = "behaviour", _("Behaviour")
        MATCH = "match", _("The match itself")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("concern", "Open")
        CLOSED = "closed", pgettext_lazy("concern", "Closed")

    match = models.ForeignKey(
        Match, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("match")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("session"),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    category = models.CharField(_("what about"), max_length=12, choices=Category.choices)
    text = models.TextField(_("what happened"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(resolution=""),
                name="concern_closed_has_resolution",
            ),
        ]
        indexes = [models.Index(fields=["match", "status"], name="concern_match_status")]

    def __str__(self) -> str:
        return f"concern #{self.pk}"


class Alert(models.Model):
    """Something coordinators must look at, found by the daily scan. ``key`` names the lapse
    (e.g. the match and its last meeting), so the same lapse never alerts twice."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", _("No meeting logged for too long")
        FEW_MEETINGS = "few_meetings", _("Fewer meetings than expected")
        CHECKIN_OVERDUE = "checkin_overdue", _("Check-in overdue")
        DOCUMENT_EXPIRING = "document_expiring", _("Screening document expiring")

    programme = models.ForeignKey(
        MentoringProgramme,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=80)
    match = models.ForeignKey(
        Match,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("match"),
    )
    mentor = models.ForeignKey(
        Mentor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("mentor"),
    )
    detected_on = models.DateField(_("found on"))
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-detected_on", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "key"], name="alert_once_per_lapse"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
