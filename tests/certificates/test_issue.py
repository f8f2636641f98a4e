"""Issuing: once per completed enrolment, a sequential serial, a frozen PDF in the
certificate's own language, announced once."""

import datetime
import hashlib

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from certificates import services, tasks
from certificates.models import (
    Certificate,
    CertificateEvent,
    CertificateTemplate,
    CourseCertificate,
)
from courses.models import CoursePage, Enrolment
from tests.certificates.helpers import completed, pdf_fonts, pdf_text, qr_texts
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.courses import builders
from tests.factories import UserFactory

KAZAKH = "әғқңөұүһі"


@pytest.fixture
def home(site_tree):
    return site_tree.home["ru"]


def _course_settings(course, *, templates=(), **fields) -> CourseCertificate:
    settings_ = CourseCertificate(course=course, **fields)
    settings_.templates = list(templates)  # a parental many-to-many: kept until save()
    settings_.save()
    return settings_


def _issue(callbacks, home, **kwargs) -> tuple[Enrolment, Certificate]:
    with callbacks(execute=True):
        enrolment = completed(home, **kwargs)
    return enrolment, Certificate.objects.get(enrolment_id=enrolment.pk)


@pytest.mark.django_db
def test_completion_issues_one_readable_certificate(
    home, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(full_name="Әлия Өңірбекқызы Құрманғалиева-Үсенова Һ. І.")
    enrolment, certificate = _issue(django_capture_on_commit_callbacks, home, user=user)
    assert certificate.serial == f"ВД-{timezone.localdate().year}-000001"
    assert len(certificate.code) == 16
    data = certificate.pdf.read()
    assert data.startswith(b"%PDF")
    assert certificate.sha256 == hashlib.sha256(data).hexdigest()

    text = pdf_text(data)
    assert "Әлия Өңірбекқызы Құрманғалиева-Үсенова" in text
    assert "Организация добровольческой" in text
    assert certificate.serial in text
    assert all(letter in text.lower() for letter in KAZAKH)
    # Every glyph comes from the fonts the project ships, none from a fallback.
    fonts = pdf_fonts(data)
    assert fonts and all(font.startswith(("Vektor-Serif", "Vektor-Sans")) for font in fonts)
    assert qr_texts(data) == [f"http://127.0.0.1:8000/v/{certificate.code}/"]

    assert certificate.recipient_name == user.full_name
    assert certificate.course_title == "Организация добровольческой деятельности"
    assert certificate.completed_on == timezone.localdate(enrolment.completed_at)
    assert certificate.language == "ru" and certificate.valid_until is None
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]
    assert certificate.serial in mailoutbox[0].body
    assert f"/v/{certificate.code}/" in mailoutbox[0].body


@pytest.mark.django_db
def test_running_the_task_again_changes_nothing(
    home, django_capture_on_commit_callbacks, mailoutbox
):
    enrolment, certificate = _issue(django_capture_on_commit_callbacks, home)
    tasks.issue_certificate.delay(enrolment.pk)
    tasks.issue_certificate(enrolment.pk)
    assert tasks.render_certificate(certificate.pk) is False
    assert Certificate.objects.count() == 1
    after = Certificate.objects.get()
    assert (after.serial, after.sha256, after.pdf.name) == (
        certificate.serial,
        certificate.sha256,
        certificate.pdf.name,
    )
    assert len(mailoutbox) == 1
    assert after.events.filter(action=CertificateEvent.Action.RENDERED).count() == 1


@pytest.mark.django_db
def test_no_certificate_for_an_unfinished_or_missing_enrolment(home):
    course = builders.course(home, lessons=2)
    user = UserFactory()
    from courses import services as course_services

    enrolment = course_services.enrolment_create(user=user, course=course)
    assert services.certificate_issue(enrolment_id=enrolment.pk) is None
    assert services.certificate_issue(enrolment_id=999_999) is None
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_serials_follow_each_other_within_a_year(home, django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    _, first = _issue(django_capture_on_commit_callbacks, home)
    _, second = _issue(django_capture_on_commit_callbacks, home)
    assert (first.serial, second.serial) == (f"ВД-{year}-000001", f"ВД-{year}-000002")


@pytest.mark.django_db
def test_issued_pdf_is_frozen_when_course_and_profile_change(
    home, django_capture_on_commit_callbacks
):
    enrolment, certificate = _issue(django_capture_on_commit_callbacks, home)
    before = certificate.pdf.read()
    course = CoursePage.objects.get(pk=enrolment.course_id)
    course.title = "Совсем другое название"
    course.save_revision().publish()
    enrolment.user.full_name = "Другое Имя"
    enrolment.user.save()

    assert services.certificate_render(certificate_id=certificate.pk) is False
    tasks.issue_certificate(enrolment.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.read() == before
    assert certificate.sha256 == hashlib.sha256(before).hexdigest()
    assert certificate.recipient_name != "Другое Имя"
    assert certificate.course_title != "Совсем другое название"


@pytest.mark.django_db
def test_language_is_the_certificates_not_the_interface(
    site_tree, django_capture_on_commit_callbacks, mailoutbox
):
    kk_template = CertificateTemplate.objects.create(name="Қазақша", language="kk")
    course = builders.course(site_tree.home["kk"], lessons=1, language="kk", title="Еріктілер")
    _course_settings(course, templates=[kk_template])
    user = UserFactory(preferred_language="en")
    from tests.certificates.helpers import finish

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        enrolment = finish(user=user, course=course)
    certificate = Certificate.objects.get(enrolment_id=enrolment.pk)
    assert certificate.language == "kk" and certificate.template == kk_template
    text = pdf_text(certificate.pdf.read())
    with translation.override("kk"):
        assert translation.gettext("Certificate").upper() in text.upper()
        assert translation.gettext("This is to certify that") in text
    assert "This is to certify that" not in text
    with translation.override("kk"):
        expected_subject = translation.gettext("Your certificate: %(course)s") % {
            "course": "Еріктілер"
        }
    assert mailoutbox[0].subject.endswith(expected_subject)


@pytest.mark.django_db
def test_the_learner_gets_their_language_where_the_course_offers_it(
    home, django_capture_on_commit_callbacks
):
    templates = [
        CertificateTemplate.objects.create(name=f"T {code}", language=code) for code in ("ru", "kk")
    ]
    course = builders.course(home, lessons=1)
    _course_settings(course, templates=templates)
    from tests.certificates.helpers import finish

    with django_capture_on_commit_callbacks(execute=True):
        kk = finish(user=UserFactory(preferred_language="kk"), course=course)
        en = finish(user=UserFactory(preferred_language="en"), course=course)
    assert Certificate.objects.get(enrolment_id=kk.pk).language == "kk"
    assert Certificate.objects.get(enrolment_id=en.pk).language == "ru"  # not offered: course's


@pytest.mark.django_db
def test_validity_period_sets_and_prints_the_expiry(home, django_capture_on_commit_callbacks):
    course = builders.course(home, lessons=1, title="Первая помощь")
    _course_settings(course, valid_months=24)
    from tests.certificates.helpers import finish

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = finish(user=UserFactory(), course=course)
    certificate = Certificate.objects.get(enrolment_id=enrolment.pk)
    assert certificate.valid_until == services.add_months(certificate.completed_on, 24)
    with translation.override("ru"):
        from django.utils.formats import date_format

        printed = date_format(certificate.valid_until, "DATE_FORMAT")
    assert printed in pdf_text(certificate.pdf.read())


@given(
    day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2900, 12, 31)),
    months=st.integers(min_value=0, max_value=600),
)
def test_add_months_lands_in_the_right_month_and_never_overshoots(day, months):
    result = services.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    assert result.day == day.day or result.month != (result + datetime.timedelta(days=1)).month


# --- Races (PostgreSQL) ----------------------------------------------------------------


def _completed_enrolment(home, user) -> Enrolment:
    course = builders.course(home, lessons=1)
    # Completed directly, so no signal issues the certificate before the race starts.
    return Enrolment.objects.create(
        user=user, course=course, source="self", completed_at=timezone.now()
    )


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
def test_concurrent_issues_of_one_enrolment_make_one_certificate(committed_site_tree):
    enrolment = _completed_enrolment(committed_site_tree.home["ru"], UserFactory())
    errors = run_together(tasks.issue_certificate, [(enrolment.pk,)] * 4)
    assert errors == []
    certificate = Certificate.objects.get()
    assert certificate.number == 1 and certificate.sha256
    assert certificate.events.filter(action=CertificateEvent.Action.ISSUED).count() == 1
    assert certificate.events.filter(action=CertificateEvent.Action.RENDERED).count() == 1
    assert certificate.events.filter(action=CertificateEvent.Action.EMAILED).count() == 1


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
def test_concurrent_completions_get_consecutive_serials(committed_site_tree):
    home = committed_site_tree.home["ru"]
    enrolments = [_completed_enrolment(home, UserFactory()) for _ in range(5)]
    errors = run_together(
        lambda pk: services.certificate_issue(enrolment_id=pk), [(e.pk,) for e in enrolments]
    )
    assert errors == []
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
