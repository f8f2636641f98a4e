"""Demo courses: a catalog in each language and three complete courses (ru, kk, en) with
sections, lessons, a quiz and an open cohort, each in its direction; the demo people's
progress; and a year of learning history for the coordinators' reports (idempotent)."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from lms.accounts.api import directions, region_id_by_code
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
    LessonProgress,
    QuizAttempt,
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


def _direction_id(code: str) -> int | None:
    return next((d.id for d in directions() if d.code == code), None)


def _course(catalog: CourseCatalogPage, item: dict) -> CoursePage:
    course = catalog.get_children().filter(slug=item["slug"]).specific().first()
    if course is not None:
        if course.direction_id is None and (direction := _direction_id(item["direction"])):
            # A demo loaded before courses had directions gets them.
            course.direction_id = direction
            course.save_revision().publish()
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
        direction_id=_direction_id(item["direction"]),
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
    _history(ctx, courses)

    # A learner half-way through the Russian course, for the dashboard.
    learner = get_user_model().objects.filter(email="learner@vektor.local").first()
    if learner is not None and not Enrolment.objects.filter(user=learner).exists():
        services.enrolment_create(user=learner, course=courses[0])
        first_lesson = LessonPage.objects.live().descendant_of(courses[0]).order_by("path").first()
        services.lesson_complete(user=learner, lesson=first_lesson)


def _trainer_network(ctx: DemoContext, courses: list[CoursePage], cohorts: list[Cohort]) -> None:
    """The demo trainer (certified, Shymkent) runs the Kazakh cohort: a webinar held last week
    with the student present, and one in two days at 10:00 Shymkent time."""
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


# --- A year of history for the coordinators' reports ------------------------------------------
# The accounts demo's learners (e-mails at LEARNERS_DOMAIN, spread over the regions) enrolled
# over the past twelve months, about half completed a few weeks later, lessons done, some in
# regional cohorts whose webinars the demo trainer held. Backdated rows are written directly (the
# services stamp "now") with dates drawn from a seeded generator and counted back from the day
# the demo is first loaded; completing this way issues no certificates.

LEARNERS_DOMAIN = "learners.vektor.local"  # lms.accounts.demo.LEARNERS_DOMAIN
HISTORY_SEED = 8
COMPLETES = 0.6  # the share that finish (minus those who enrolled too recently to)

# course (index in content.COURSES), title, region, started (days ago), length in days, regions
# its learners come from besides its own, webinars (days after the start)
HISTORY_COHORTS: list[tuple[int, str, str, int, int, tuple[str, ...], tuple[int, ...]]] = [
    (0, "Петрозаводск: поток координаторов", "RU-KR", 300, 42, (), ()),
    (0, "Калининград: поток добровольцев", "RU-KGD", 150, 42, (), ()),
    (0, "Караганда: поток на русском языке", "KZ-35", 230, 42, ("KZ-62",), ()),
    (1, "Шымкент: аға буын ағыны", "KZ-79", 330, 28, ("KZ-31",), ()),
    (1, "Түркістан ағыны", "KZ-61", 105, 28, ("KZ-43",), (3, 17)),
    (1, "Алматы ағыны", "KZ-75", 60, 35, ("KZ-19", "KZ-33"), (5, 19, 33)),
    (2, "Astana regional trainers", "KZ-71", 200, 21, ("KZ-11",), ()),
]


class _Lessons:
    """A course's lessons in order, and its quiz with the right answers."""

    def __init__(self, course: CoursePage) -> None:
        self.pages = list(
            LessonPage.objects.live().descendant_of(course).order_by("path").specific()
        )
        self.quizzes = []  # (lesson, quiz id, answers)
        for lesson in self.pages:
            for quiz_id, quiz in lesson.quizzes().items():
                answers = {
                    question.id: sorted(
                        choice.id
                        for choice in question.value["choices"].bound_blocks
                        if choice.value["correct"]
                    )
                    for question in quiz["questions"].bound_blocks
                }
                self.quizzes.append((lesson, quiz_id, answers))


def _at(day: date, rng: random.Random) -> datetime:
    """A moment of the working day (UTC 03:00–14:59: daytime from Kaliningrad to Almaty)."""
    return datetime.combine(
        day, time(rng.randint(3, 14), rng.randint(0, 59)), tzinfo=ZoneInfo("UTC")
    )


def _history_courses(rng: random.Random, region: str | None, language: str) -> list[int]:
    """Which demo courses (indexes) a learner of the region took."""
    if region is None or not region.startswith("KZ-"):
        chosen = [0]
    elif language == "kk":
        chosen = [1] if rng.random() < 0.8 else [0]
        if rng.random() < 0.3:
            chosen.append(0 if chosen == [1] else 1)
    else:
        chosen = [0] if rng.random() < 0.8 else [1]
        if rng.random() < 0.2:
            chosen.append(1 if chosen == [0] else 0)
    if rng.random() < 0.15:
        chosen.append(2)  # training for trainers
    return chosen


def _history(ctx: DemoContext, courses: list[CoursePage]) -> None:
    """Enrolments, lesson progress, quiz attempts, cohorts and webinars of the past year, once."""
    learners = list(
        get_user_model()
        .objects.filter(email__endswith=f"@{LEARNERS_DOMAIN}")
        .select_related("region")
        .order_by("email")
    )
    if not learners:
        ctx.log("history: no demo learners (load the accounts demo first)")
        return
    if Enrolment.objects.filter(user__in=learners).exists():
        ctx.log("history: already loaded")
        return
    rng = random.Random(HISTORY_SEED)  # noqa: S311 (made-up history, the same every time)
    now = timezone.now()
    today = timezone.localdate()
    lessons = [_Lessons(course) for course in courses]

    cohorts: dict[tuple[int, str], tuple[Cohort, int]] = {}  # (course, learner's region)
    for index, title, region, ago, length, catchment, _webinars in HISTORY_COHORTS:
        starts = today - timedelta(days=ago)
        cohort = Cohort.objects.create(
            course=courses[index],
            title=title,
            region_id=region_id_by_code(region),
            starts_on=starts,
            ends_on=starts + timedelta(days=length),
            capacity=25,
            created_at=_at(starts - timedelta(days=30), rng),
        )
        for code in (region, *catchment):
            cohorts[(index, code)] = (cohort, length)

    enrolments: list[Enrolment] = []
    for learner in learners:
        region = learner.region.code if learner.region else None
        for index in _history_courses(rng, region, learner.preferred_language):
            cohort, length = cohorts.get((index, region), (None, 0))
            if cohort is not None and rng.random() < 0.85:
                enrolled = _at(cohort.starts_on - timedelta(days=rng.randint(0, 14)), rng)
                takes = rng.randint(length // 2, length + 7)
                source = (
                    Enrolment.Source.COORDINATOR if rng.random() < 0.5 else Enrolment.Source.SELF
                )
            else:
                cohort = None
                enrolled = _at(today - timedelta(days=rng.randint(2, 360)), rng)
                takes = rng.randint(8, 60)
                source = Enrolment.Source.SELF
            completed = enrolled + timedelta(days=takes, hours=rng.randint(0, 8))
            finishes = rng.random() < COMPLETES and completed < now
            enrolments.append(
                Enrolment(
                    user=learner,
                    course=courses[index],
                    cohort=cohort,
                    source=source,
                    enrolled_at=enrolled,
                    completed_at=completed if finishes else None,
                )
            )
    Enrolment.objects.bulk_create(enrolments)

    progress: list[LessonProgress] = []
    attempts: list[QuizAttempt] = []
    for enrolment in enrolments:
        course = lessons[courses.index(enrolment.course)]
        pages = course.pages
        if enrolment.completed_at is not None:
            # Every lesson, evenly between enrolling and completing (the quiz last).
            span = enrolment.completed_at - enrolment.enrolled_at
            times = [enrolment.enrolled_at + span * (n + 1) / len(pages) for n in range(len(pages))]
        else:
            # Some lessons in the first weeks, then a pause (or still going).
            times, when = [], enrolment.enrolled_at
            for _lesson in pages[: rng.randint(0, len(pages) - 1)]:
                when += timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
                if when >= now:
                    break
                times.append(when)
        progress.extend(
            LessonProgress(enrolment=enrolment, lesson=lesson, completed_at=when)
            for lesson, when in zip(pages, times, strict=False)
        )
        if enrolment.completed_at is not None:
            attempts.extend(
                QuizAttempt(
                    enrolment=enrolment,
                    lesson=lesson,
                    quiz_id=quiz_id,
                    answers=answers,
                    score=100,
                    passed=True,
                    created_at=enrolment.completed_at,
                )
                for lesson, quiz_id, answers in course.quizzes
            )
    LessonProgress.objects.bulk_create(progress)
    QuizAttempt.objects.bulk_create(attempts)
    webinars = _history_webinars(rng, [e for e in enrolments if e.cohort_id])
    completed = sum(1 for e in enrolments if e.completed_at)
    ctx.log(
        f"history: {len(learners)} learners, {len(enrolments)} enrolments ({completed} completed),"
        f" {len(progress)} lessons done, {len(HISTORY_COHORTS)} past cohorts,"
        f" {webinars} webinars"
    )


def _history_webinars(rng: random.Random, enrolments: list[Enrolment]) -> int:
    """The demo trainer's webinars in the past Kazakh cohorts, attendance marked as a trainer
    would (their delivered hours go to the ledger). Returns how many."""
    from .models import Webinar
    from .trainers import services as trainer_services

    trainer = get_user_model().objects.filter(email="trainer@vektor.local").first()
    if trainer is None:
        return 0
    by_title = {cohort.title: cohort for cohort in {e.cohort for e in enrolments}}
    zone = ZoneInfo("Asia/Almaty")
    held = 0
    for _index, title, _region, _ago, _length, _catchment, days in HISTORY_COHORTS:
        cohort = by_title.get(title)
        if cohort is None or not days:
            continue
        cohort.trainers.add(trainer)
        for number, after in enumerate(days):
            starts = datetime.combine(
                cohort.starts_on + timedelta(days=after), time(10), tzinfo=zone
            )
            if starts >= timezone.now():
                continue
            slug = f"vektor-{cohort.pk}-{number + 1}"
            webinar = Webinar.objects.create(
                trainer=trainer,
                course=cohort.course,
                cohort=cohort,
                title=content.HISTORY_WEBINARS[number % len(content.HISTORY_WEBINARS)],
                starts_at=starts,
                duration_minutes=90,
                meeting_url=f"https://bbb.example.org/b/{slug}",
                recording_url=f"https://bbb.example.org/playback/{slug}",
                created_at=starts - timedelta(days=10),
            )
            present = {
                e.user_id: rng.randint(45, 90)
                for e in enrolments
                if e.cohort_id == cohort.pk and e.enrolled_at < starts and rng.random() < 0.75
            }
            trainer_services.attendance_mark(webinar=webinar, actor=trainer, marks=present)
            held += 1
    return held
