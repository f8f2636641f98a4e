"""Courses: catalog, course, section and lesson pages; cohorts, enrolments, progress, quizzes."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from lms.i18n import MultilingualNameMixin

from .blocks import LessonBlock


class Audience(MultilingualNameMixin):
    """Who a course is for: coordinators, volunteers, trainers, students, mentors."""

    code = models.SlugField(_("code"), unique=True, max_length=40)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class CourseCatalogPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalog")

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.catalog_context(request))
        return context


class CoursePage(Page):
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for the catalog."))
    description = RichTextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the course"), max_length=8, choices=settings.LANGUAGES
    )
    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="courses", verbose_name=_("audience")
    )
    direction = models.ForeignKey(
        "accounts.Direction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("direction"),
        help_text=_("Reports group courses by it."),
    )
    regions = ParentalManyToManyField(
        "accounts.Region",
        blank=True,
        related_name="courses",
        verbose_name=_("regions where it is offered"),
        help_text=_("Empty: offered everywhere."),
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0)],
    )
    prerequisites = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="required_for",
        verbose_name=_("prerequisites"),
        help_text=_("Courses a learner must complete before enrolling."),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="courses_as_trainer",
        verbose_name=_("trainers"),
    )
    self_paced = models.BooleanField(
        _("self-paced enrolment"),
        default=True,
        help_text=_("Learners may enrol at any time without joining a cohort."),
    )
    require_all_lessons = models.BooleanField(
        _("every lesson is required"),
        default=True,
        help_text=_("Off: only lessons marked “required” count towards completion."),
    )
    required_webinars = models.PositiveSmallIntegerField(
        _("webinars to attend"),
        default=0,
        help_text=_("How many webinars a learner must attend to complete the course."),
    )
    attendance_share = models.PositiveSmallIntegerField(
        _("share of a webinar to attend, %"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A webinar counts when the learner was present at least this share of it."),
    )
    trains_trainers = models.BooleanField(
        _("trainer-training course"),
        default=False,
        help_text=_("Its graduates become certified regional trainers."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("language"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("direction"),
                FieldPanel("regions"),
                FieldPanel("estimated_hours"),
                FieldPanel("trainers"),
            ],
            heading=_("Who and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("self_paced"),
                FieldPanel("prerequisites"),
                FieldPanel("require_all_lessons"),
                FieldPanel("required_webinars"),
                FieldPanel("attendance_share"),
                FieldPanel("trains_trainers"),
            ],
            heading=_("Enrolment and completion"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("language"),
        index.FilterField("self_paced"),
    ]
    parent_page_types = ["courses.CourseCatalogPage"]
    subpage_types = ["courses.CourseSectionPage", "courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.course_context(request, self))
        return context


class CourseSectionPage(Page):
    """A group of lessons inside a course ("Модуль 1")."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course section")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        # A section is a heading of the course outline, not a page of its own.
        return redirect(self.get_parent().url + f"#section-{self.pk}")


class LessonPage(Page):
    body = StreamField(LessonBlock(), blank=True, verbose_name=_("body"))
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Counts towards completion when the course does not require every lesson."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("required"), FieldPanel("estimated_minutes")]),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["courses.CoursePage", "courses.CourseSectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def quizzes(self) -> dict[str, dict]:
        """The lesson's quizzes by block id, with their raw (server-side) answers."""
        return {block.id: block.value for block in self.body if block.block_type == "quiz"}

    def packages(self) -> dict[str, dict]:
        """The lesson's learning package blocks (SCORM, H5P) by block id. A block whose
        package was deleted is left out: it no longer holds the learner back."""
        return {
            block.id: block.value
            for block in self.body
            if block.block_type in ("scorm", "h5p") and block.value["package"] is not None
        }

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.lesson_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        from . import views

        return views.lesson_serve(request, self, lambda r: super(LessonPage, self).serve(r))


class Cohort(models.Model):
    """A run of a course ("поток") with dates, a region, a capacity and trainers."""

    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        "accounts.Region",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("region"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enrolment_closes_on = models.DateField(
        _("enrolment closes on"), null=True, blank=True, help_text=_("Empty: on the last day.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    self_paced = models.BooleanField(
        _("self-paced"),
        default=False,
        help_text=_("Learners go at their own pace between the dates, without webinars."),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="cohorts_as_trainer",
        verbose_name=_("trainers"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldPanel("region"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("enrolment_closes_on"),
        FieldPanel("capacity"),
        FieldPanel("self_paced"),
        FieldPanel("trainers"),
    ]

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_enrolment_day(self):
        return self.enrolment_closes_on or self.ends_on


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("The learner")
        COORDINATOR = "coordinator", _("A coordinator's list")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("cohort"),
    )
    source = models.CharField(_("enrolled by"), max_length=20, choices=Source.choices)
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrolment_once_per_course")
        ]
        indexes = [models.Index(fields=["course", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="progress_once_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.lesson_id}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz_id = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["enrolment", "lesson", "quiz_id"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.quiz_id} {self.score}%"


# The trainer network's models, and the content packages (SCORM, H5P) with learners'
# attempts at them, belong to this app.
from .packages.models import ContentPackage, PackageAttempt  # noqa: E402
from .trainers.models import (  # noqa: E402
    Attendance,
    CalendarFeed,
    TrainerProfile,
    Webinar,
    WebinarNotice,
    WebinarRegistration,
)

__all__ = [
    "Attendance",
    "Audience",
    "CalendarFeed",
    "Cohort",
    "ContentPackage",
    "CourseCatalogPage",
    "CoursePage",
    "CourseSectionPage",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "PackageAttempt",
    "QuizAttempt",
    "TrainerProfile",
    "Webinar",
    "WebinarNotice",
    "WebinarRegistration",
]
