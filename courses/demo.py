"""Demo courses: a catalog in each language and three complete courses (ru, kk, en) with
sections, lessons, a quiz and an open cohort (idempotent)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from lms.accounts.api import region_id_by_code
from lms.demo import DemoContext

from . import demo_content as content
from . import services
from .blocks import quiz_value
from .models import (
    Audience,
    Cohort,
    CourseCatalogPage,
    CoursePage,
    CourseSectionPage,
    Enrolment,
    LessonPage,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _raw_blocks(blocks: list) -> list[dict]:
    return [{"type": kind, "value": value} for kind, value in blocks]


def _quiz_block(quiz: dict) -> dict:
    return {
        "type": "quiz",
        "value": quiz_value(
            title=quiz["title"],
            questions=quiz["questions"],
            pass_mark=quiz["pass_mark"],
            max_attempts=quiz["max_attempts"],
        ),
    }


def _catalogs(ctx: DemoContext) -> dict[str, CourseCatalogPage]:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    ru = content.CATALOG[settings.LANGUAGE_CODE]
    catalogs = {
        settings.LANGUAGE_CODE: _child(
            home,
            CourseCatalogPage,
            "courses",
            title=ru["title"],
            intro=ru["intro"],
            show_in_menus=True,
        )
    }
    for language in LANGUAGES:
        if language == settings.LANGUAGE_CODE:
            continue
        locale = Locale.objects.get(language_code=language)
        existing = catalogs[settings.LANGUAGE_CODE].get_translation_or_none(locale)
        if existing is None:
            existing = catalogs[settings.LANGUAGE_CODE].copy_for_translation(locale)
            existing.title = content.CATALOG[language]["title"]
            existing.intro = content.CATALOG[language]["intro"]
            existing.save()
            existing.save_revision().publish()
        catalogs[language] = existing.specific
    # Courses come first in the menu.
    for catalog in catalogs.values():
        first = catalog.get_parent().get_children().first()
        if first is not None and first.pk != catalog.pk:
            catalog.move(first, pos="left")
    return catalogs


def _course(catalog: CourseCatalogPage, item: dict) -> CoursePage:
    course = catalog.get_children().filter(slug=item["slug"]).specific().first()
    if course is not None:
        return course
    course = CoursePage(
        slug=item["slug"],
        locale=catalog.locale,
        title=item["title"],
        summary=item["summary"],
        description=item["description"],
        language=item["language"],
        estimated_hours=item["estimated_hours"],
        self_paced=True,
        trains_trainers=item.get("trains_trainers", False),
    )
    catalog.add_child(instance=course)
    course.audiences.set(Audience.objects.filter(code__in=item["audiences"]))
    course.save_revision().publish()
    last = len(item["sections"]) - 1
    for index, section in enumerate(item["sections"]):
        section_page = _child(
            course, CourseSectionPage, f"section-{index + 1}", title=section["title"]
        )
        for position, lesson in enumerate(section["lessons"]):
            body = _raw_blocks(lesson["body"])
            if index == last and position == len(section["lessons"]) - 1:
                body.append(_quiz_block(item["quiz"]))
            _child(
                section_page,
                LessonPage,
                lesson["slug"],
                title=lesson["title"],
                estimated_minutes=lesson["minutes"],
                body=body,
            )
    return course


def _cohort(course: CoursePage, item: dict) -> Cohort:
    spec = item["cohort"]
    existing = Cohort.objects.filter(course=course, title=spec["title"]).first()
    if existing is not None:
        return existing
    starts = timezone.localdate() + timedelta(days=spec["starts_in_days"])
    return Cohort.objects.create(
        course=course,
        title=spec["title"],
        region_id=region_id_by_code(spec["region"]),
        starts_on=starts,
        ends_on=starts + timedelta(days=spec["days"]),
        capacity=spec["capacity"],
    )


# Who finishes each demo course (in the order of content.COURSES).
FINISHERS = ["coordinator@vektor.local", "student@vektor.local", "mentor@vektor.local"]


def _finish(user, course: CoursePage, cohort: Cohort) -> None:
    """Go through the course as its learner would: every lesson, the quiz answered right."""
    services.enrolment_create(user=user, course=course, cohort=cohort)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path").specific():
        quizzes = lesson.quizzes()
        if not quizzes:
            services.lesson_complete(user=user, lesson=lesson)
        for quiz_id, quiz in quizzes.items():
            answers = {
                question.id: [
                    choice.id
                    for choice in question.value["choices"].bound_blocks
                    if choice.value["correct"]
                ]
                for question in quiz["questions"].bound_blocks
            }
            services.quiz_submit(user=user, lesson=lesson, quiz_id=quiz_id, answers=answers)


def load(ctx: DemoContext) -> None:
    catalogs = _catalogs(ctx)
    courses, cohorts = [], []
    for item in content.COURSES:
        course = _course(catalogs[item["language"]], item)
        cohorts.append(_cohort(course, item))
        courses.append(course)
    ctx.log(f"{len(courses)} courses, {Cohort.objects.count()} cohorts")


def load_progress(ctx: DemoContext) -> None:
    """Learners' progress, after the other apps have set up what completions trigger (e.g.
    certificate templates)."""
    catalogs = _catalogs(ctx)
    courses = [_course(catalogs[item["language"]], item) for item in content.COURSES]
    cohorts = [_cohort(course, item) for course, item in zip(courses, content.COURSES, strict=True)]

    # Three people who finished a course each (ru, kk, en): their certificates are issued.
    # The demo mentor also took the Russian basics course: the mentoring programme's training.
    for email, course, cohort in [
        *zip(FINISHERS, courses, cohorts, strict=True),
        ("mentor@vektor.local", courses[0], cohorts[0]),
    ]:
        person = get_user_model().objects.filter(email=email).first()
        if person is not None and not Enrolment.objects.filter(user=person, course=course).exists():
            _finish(person, course, cohort)

    _trainer_network(ctx, courses, cohorts)

    # A learner half-way through the Russian course, for the dashboard.
    learner = get_user_model().objects.filter(email="learner@vektor.local").first()
    if learner is not None and not Enrolment.objects.filter(user=learner).exists():
        services.enrolment_create(user=learner, course=courses[0])
        first_lesson = LessonPage.objects.live().descendant_of(courses[0]).order_by("path").first()
        services.lesson_complete(user=learner, lesson=first_lesson)


def _trainer_network(ctx: DemoContext, courses: list[CoursePage], cohorts: list[Cohort]) -> None:
    """The demo trainer (certified, Shymkent) runs the Kazakh cohort: a webinar held last week
    with the student present, and one in two days at 10:00 Shymkent time."""
    from zoneinfo import ZoneInfo

    from .models import TrainerProfile, Webinar

    trainer = get_user_model().objects.filter(email="trainer@vektor.local").first()
    if trainer is None:
        return
    profile, created = TrainerProfile.objects.get_or_create(
        user=trainer,
        defaults={
            "certified_at": timezone.now() - timedelta(days=120),
            "certified_by_course": courses[2],
            "languages": "kk,ru",
            "bio": content.TRAINER_BIO,
        },
    )
    if created:
        profile.regions.add(region_id_by_code("KZ-79"), region_id_by_code("KZ-71"))
    cohort = cohorts[1]
    cohort.trainers.add(trainer)
    if Webinar.objects.filter(trainer=trainer).exists():
        return
    zone = ZoneInfo("Asia/Almaty")
    today = timezone.localtime(timezone.now(), zone).date()

    def at(day, hour: int):
        from datetime import datetime, time

        return datetime.combine(day, time(hour, 0), tzinfo=zone)

    past = Webinar.objects.create(
        trainer=trainer,
        course=cohort.course,
        cohort=cohort,
        title=content.WEBINARS[0],
        starts_at=at(today - timedelta(days=7), 10),
        duration_minutes=90,
        meeting_url="https://bbb.example.org/b/vektor-kmb-001",
        recording_url="https://bbb.example.org/playback/vektor-kmb-001",
    )
    Webinar.objects.create(
        trainer=trainer,
        course=cohort.course,
        cohort=cohort,
        title=content.WEBINARS[1],
        starts_at=at(today + timedelta(days=2), 10),
        duration_minutes=90,
        capacity=30,
        meeting_url="https://bbb.example.org/b/vektor-kmb-002",
    )
    student = get_user_model().objects.filter(email="student@vektor.local").first()
    if student is not None:
        from .trainers import services as trainer_services

        trainer_services.attendance_mark(webinar=past, actor=trainer, marks={student.pk: 85})
    ctx.log(f"{Webinar.objects.count()} webinars, {TrainerProfile.objects.count()} trainers")
