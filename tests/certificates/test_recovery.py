"""Nothing is lost when a task or a mail server fails, and e-mails read as plain text."""

from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services, tasks
from certificates.models import Certificate
from courses.models import CoursePage, Enrolment
from tests.courses import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _completed(home, **user_fields) -> Enrolment:
    course = builders.course(home, lessons=1, title="Work & Play «Q»")
    return Enrolment.objects.create(
        user=UserFactory(**user_fields), course=course, source="self", completed_at=timezone.now()
    )


def test_a_failed_send_is_retried_and_the_mail_goes_once(site_tree, mailoutbox):
    enrolment = _completed(site_tree.home["ru"], full_name="Dan O'Brien")
    with (
        mock.patch("lms.web.send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(OSError),
    ):
        tasks.issue_certificate(enrolment.pk)
    certificate = Certificate.objects.get()
    assert certificate.sha256 and mailoutbox == []
    tasks.issue_certificate(enrolment.pk)  # the retry
    tasks.issue_certificate(enrolment.pk)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "Dan O'Brien" in mail.body and "Work & Play «Q»" in mail.subject  # not HTML-escaped


def test_catch_up_issues_what_a_lost_task_left_undone(site_tree):
    enrolment = _completed(site_tree.home["ru"])  # completed while the broker was down
    assert services.certificates_catch_up()["issued"] == 1
    certificate = Certificate.objects.get(enrolment_id=enrolment.pk)
    assert certificate.sha256
    assert services.certificates_catch_up() == {"issued": 0, "rendered": 0, "announced": 0}


def test_a_certificate_whose_pdf_never_rendered_can_be_reissued(
    site_tree, django_capture_on_commit_callbacks
):
    enrolment = _completed(site_tree.home["ru"])
    broken = mock.patch("certificates.rendering.render_pdf", side_effect=RuntimeError("broken"))
    with broken, pytest.raises(RuntimeError):
        tasks.issue_certificate(enrolment.pk)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=timezone.now() - services.RENDER_GRACE * 2
    )
    admin = UserFactory(is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_reissue(certificate_id=certificate.pk, actor=admin, reason="Шаблон")
    certificate.refresh_from_db()
    assert certificate.revision == 2 and certificate.sha256
    assert not certificate.revisions.exists()  # nothing was ever issued before


def test_badge_classes_only_for_published_courses(client, site_tree):
    enrolment = _completed(site_tree.home["ru"])
    url = reverse("certificates:badge_class", args=[enrolment.course_id])
    assert client.get(url).status_code == 200
    CoursePage.objects.get(pk=enrolment.course_id).unpublish()
    assert client.get(url).status_code == 404
