"""`manage.py load_demo`: complete, usable, and a no-op the second time."""

import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from certificates.models import Certificate, CertificateTemplate
from courses.models import (
    Cohort,
    ContentPackage,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    QuizAttempt,
)
from courses.trainers.models import Attendance, Webinar
from lms.accounts.models import Direction, Membership, Organisation, Region, User
from lms.hours.models import HoursEntry
from lms.pages.models import HomePage, Material, MaterialTopic, NewsPage
from mentorship.models import Match, Mentee, Mentor, MentoringProgramme, Session

HISTORY = "@learners.vektor.local"  # the learners of the reports' history

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "full_name", "password")),
        "emails": EmailAddress.objects.filter(verified=True).count(),
        "regions": Region.objects.count(),
        "directions": sorted(Direction.objects.values_list("code", "name_ru", "sort_order")),
        "organisations": Organisation.objects.count(),
        "memberships": sorted(Membership.objects.values_list("user__email", "role")),
        "pages": sorted(Page.objects.values_list("locale__language_code", "url_path", "live")),
        "revisions": Revision.objects.count(),
        "materials": sorted(Material.objects.values_list("title", "file", "language")),
        "topics": MaterialTopic.objects.count(),
        "sites": list(Site.objects.values_list("root_page_id", "is_default_site")),
        "cohorts": sorted(Cohort.objects.values_list("course_id", "title", "starts_on")),
        "enrolments": sorted(
            Enrolment.objects.values_list(
                "user_id", "course_id", "cohort_id", "enrolled_at", "completed_at"
            )
        ),
        "progress": LessonProgress.objects.count(),
        "quiz_attempts": QuizAttempt.objects.count(),
        "packages": sorted(ContentPackage.objects.values_list("key", "kind", "file_count")),
        "webinars": sorted(Webinar.objects.values_list("title", "starts_at", "cohort_id")),
        "attendance": Attendance.objects.count(),
        "hours": HoursEntry.objects.count(),
        "course_directions": sorted(CoursePage.objects.values_list("slug", "direction__code")),
        "certificates": sorted(Certificate.objects.values_list("serial", "language", "sha256")),
        "templates": sorted(CertificateTemplate.objects.values_list("name", "language")),
        "mentorship": (
            sorted(Mentor.objects.values_list("user__email", "status")),
            sorted(Match.objects.values_list("mentor__user__email", "status")),
            Mentee.objects.count(),
            Session.objects.count(),
        ),
    }


def test_demo_loads_everything_answers_and_is_idempotent(
    client, django_capture_on_commit_callbacks
):
    """One test, as the demo renders PDFs: load, check, load again, compare, use the site."""
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # completions issue certificates
        call_command("load_demo", stdout=out)
    output = out.getvalue()

    assert "admin@vektor.local" in output and "vektor-admin-2026" in output
    assert Region.objects.filter(country="KZ").count() == 20  # 17 regions and 3 cities
    assert Region.objects.filter(country="RU").count() == 3
    codes = set(Direction.objects.values_list("code", flat=True))
    assert {"saylyq", "bilim", "sabaqtastyq", "asyl-mura", "taza-alem", "qamqor", "umit"} <= codes
    assert {"silver", "corporate", "emergency"} <= codes
    assert Direction.objects.get(code="saylyq").name_kk.startswith("SAÝLYQ — ")
    national = Organisation.objects.get(kind=Organisation.Kind.NATIONAL_OFFICE)
    assert national.region.code == "KZ-71"
    assert Membership.objects.filter(
        user__email="national@vektor.local", organisation=national, role="programme_coordinator"
    ).exists()
    assert "national@vektor.local" in output
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(Organisation.Kind.values)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)
    assert User.objects.get(email="admin@vektor.local").is_superuser
    assert set(HomePage.objects.values_list("locale__language_code", flat=True)) == {
        "ru",
        "kk",
        "en",
    }
    assert NewsPage.objects.live().count() >= 3 * 3
    assert set(Material.objects.values_list("language", flat=True)) == {"ru", "kk", "en"}
    for material in Material.objects.all():
        with material.file.open("rb") as handle:
            assert handle.read(4) == b"%PDF"

    # The three courses (ru, kk, en) and the Russian practice course playing the sample
    # SCORM and H5P packages.
    courses = CoursePage.objects.live()
    assert sorted(courses.values_list("language", flat=True)) == ["en", "kk", "ru", "ru"]
    practice = courses.get(slug="praktikum-interaktivnye-zadaniya")
    kinds = [
        block.value["package"].kind
        for lesson in LessonPage.objects.live().descendant_of(practice)
        for block in lesson.body
        if block.block_type in ("scorm", "h5p")
    ]
    assert kinds == ["scorm12", "scorm2004", "h5p"]
    assert ContentPackage.objects.count() == 3
    for course in courses.exclude(pk=practice.pk):
        lessons = LessonPage.objects.live().descendant_of(course)
        assert lessons.count() >= 3
        assert any(lesson.quizzes() for lesson in lessons)
        assert Cohort.objects.filter(course=course).exists()
        assert course.direction is not None
    assert Enrolment.objects.filter(user__email="learner@vektor.local").exists()
    assert MentoringProgramme.objects.get().direction.code == "sabaqtastyq"
    _check_history()

    # Three finished courses, one per language, each with its certificate and PDF; the demo
    # mentor also finished the Russian one (the mentoring programme's training).
    certificates = Certificate.objects.all()
    assert sorted(c.language for c in certificates) == ["en", "kk", "ru", "ru"]
    assert all(
        c.sha256 and c.template and c.template.signatories.count() == 2 for c in certificates
    )
    assert all(c.valid_until is not None for c in certificates.filter(language="ru"))

    # Mentorship: the demo mentor is screened, trained and matched, with sessions and a concern.
    match = Match.objects.get(mentor__user__email="mentor@vektor.local")
    assert match.status == Match.Status.ACTIVE
    assert match.sessions.count() == 4
    assert match.concerns.filter(status="open").count() == 1

    before = _snapshot()
    call_command("load_demo", stdout=StringIO())
    assert _snapshot() == before

    assert "Вектор добровольчества" in client.get("/").content.decode()
    assert "Еріктілік векторы" in client.get("/kk/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()
    catalog = client.get("/courses/").content.decode()
    assert "Күміс волонтерлік" in catalog and "Training for trainers" in catalog
    response = client.post(
        "/accounts/login/", {"login": "learner@vektor.local", "password": "vektor-demo-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]

    client.logout()
    client.post(
        "/accounts/login/", {"login": "programme@vektor.local", "password": "vektor-demo-2026"}
    )
    dashboard = client.get(f"/mentorship/programmes/{match.programme_id}/")
    assert dashboard.status_code == 200
    assert client.get(f"/mentorship/matches/{match.pk}/").status_code == 200

    _check_reports(client)


def _check_history() -> None:
    """A year of learning for the reports: learners in every region of Kazakhstan and the
    Russian partner regions, enrolments over the past twelve months, about half completed."""
    learners = User.objects.filter(email__endswith=HISTORY)
    assert 60 <= learners.count() <= 80
    assert set(learners.values_list("region__code", flat=True)) >= set(
        Region.objects.filter(country__in=["KZ", "RU"]).values_list("code", flat=True)
    )
    enrolments = Enrolment.objects.filter(user__email__endswith=HISTORY)
    now = timezone.now()
    assert not enrolments.filter(enrolled_at__gt=now).exists()
    assert not enrolments.filter(completed_at__gt=now).exists()
    assert not enrolments.filter(enrolled_at__lt=now - dt.timedelta(days=400)).exists()
    months = {
        e.astimezone(dt.UTC).strftime("%Y-%m")
        for e in enrolments.values_list("enrolled_at", flat=True)
    }
    assert len(months) >= 10
    completed = enrolments.filter(completed_at__isnull=False)
    assert 0.45 <= completed.count() / enrolments.count() <= 0.65
    assert enrolments.filter(cohort__isnull=False).exists()
    # Completed: every lesson done and the quiz passed; others part of the way.
    for enrolment in completed[:5]:
        lessons = LessonPage.objects.live().descendant_of(enrolment.course).count()
        assert enrolment.progress.count() == lessons
        assert enrolment.quiz_attempts.filter(passed=True).exists()
    assert Attendance.objects.filter(user__email__endswith=HISTORY).exists()


def _check_reports(client) -> None:
    """The national coordinator sees every region of Kazakhstan with completions in many; the
    regional one (Astana's front office) only Astana."""
    today = timezone.localdate()
    period = {"start": (today - dt.timedelta(days=364)).isoformat(), "end": today.isoformat()}

    def region_rows(email: str) -> dict[str, int]:
        client.logout()
        client.post("/accounts/login/", {"login": email, "password": "vektor-demo-2026"})
        response = client.get("/reports/", period)
        assert response.status_code == 200
        table = response.context["board"].region_table
        index = [column.key for column in table.columns].index("completions")
        return {row[0]: row[index] for row in table.rows}

    national = region_rows("national@vektor.local")
    kazakhstan = Region.objects.filter(country="KZ")
    assert set(national) == {region.name for region in kazakhstan}
    assert sum(1 for completions in national.values() if completions) >= 8

    regional = region_rows("programme@vektor.local")
    assert list(regional) == [Region.objects.get(code="KZ-71").name]
    assert sum(regional.values()) > 0
