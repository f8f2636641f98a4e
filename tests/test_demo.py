"""`manage.py load_demo`: complete, usable, and a no-op the second time."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from certificates.models import Certificate, CertificateTemplate
from courses.models import Cohort, CoursePage, Enrolment, LessonPage
from lms.accounts.models import Membership, Organisation, Region, User
from lms.pages.models import HomePage, Material, MaterialTopic, NewsPage
from mentorship.models import Match, Mentee, Mentor, Session

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "full_name", "password")),
        "emails": EmailAddress.objects.filter(verified=True).count(),
        "regions": Region.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": sorted(Membership.objects.values_list("user__email", "role")),
        "pages": sorted(Page.objects.values_list("locale__language_code", "url_path", "live")),
        "revisions": Revision.objects.count(),
        "materials": sorted(Material.objects.values_list("title", "file", "language")),
        "topics": MaterialTopic.objects.count(),
        "sites": list(Site.objects.values_list("root_page_id", "is_default_site")),
        "cohorts": sorted(Cohort.objects.values_list("course_id", "title", "starts_on")),
        "enrolments": sorted(Enrolment.objects.values_list("user_id", "course_id")),
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

    courses = CoursePage.objects.live()
    assert sorted(courses.values_list("language", flat=True)) == ["en", "kk", "ru"]
    for course in courses:
        lessons = LessonPage.objects.live().descendant_of(course)
        assert lessons.count() >= 3
        assert any(lesson.quizzes() for lesson in lessons)
        assert Cohort.objects.filter(course=course).exists()
    assert Enrolment.objects.filter(user__email="learner@vektor.local").exists()

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
