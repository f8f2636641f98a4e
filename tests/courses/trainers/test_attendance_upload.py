"""The trainer uploads the meeting's report: preview, confirm uncertain matches, save."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses import services as course_services
from courses.models import Attendance, Enrolment, LessonPage
from tests.courses.trainers import builders

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"


@pytest.fixture
def held(site_tree):
    trainer = builders.trainer(full_name="Анна Тренер")
    course = builders.course_with_webinars(site_tree.home["ru"], needed=1, share=75, lessons=1)
    cohort = builders.cohort(course, trainer_user=trainer)
    nurlan = builders.learner_in(cohort, full_name="Нурлан Сапаров", email="nurlan@example.kz")
    alena = builders.learner_in(cohort, full_name="Алёна Иванова", email="alena@example.ru")
    for person in (nurlan, alena):
        course_services.lesson_complete(
            user=person, lesson=LessonPage.objects.descendant_of(course).get()
        )
    webinar = builders.webinar(
        trainer_user=trainer,
        course=course,
        cohort=cohort,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        duration_minutes=60,
    )
    return {"trainer": trainer, "webinar": webinar, "nurlan": nurlan, "alena": alena}


def _upload(client, webinar, name: str):
    url = reverse("courses:webinar_attendance", args=[webinar.pk])
    data = (FILES / name).read_bytes()
    return client.post(url, {"action": "upload", "file": SimpleUploadedFile(name, data)})


def test_zoom_report_by_email_counts_the_share(client, held):
    client.force_login(held["trainer"])
    response = _upload(client, held["webinar"], "zoom_with_meeting_data.csv")
    assert response.status_code == 200
    people = {p["name"]: p for p in response.context["preview"]["people"]}
    assert people["Нурлан Сапаров"]["person_id"] == held["nurlan"].pk
    assert people["Нурлан Сапаров"]["certain"]
    form = {"action": "confirm"}
    for person in response.context["preview"]["people"]:
        form[f"match-{person['key']}"] = person["person_id"] or ""
    response = client.post(reverse("courses:webinar_attendance", args=[held["webinar"].pk]), form)
    assert response.status_code == 302
    minutes = dict(Attendance.objects.values_list("user__full_name", "minutes"))
    assert minutes == {"Нурлан Сапаров": 45, "Алёна Иванова": 36}
    # 45 of 60 minutes is 75%: Nurlan's course completes; Alena's 60% does not count.
    assert Enrolment.objects.get(user=held["nurlan"]).completed_at is not None
    assert Enrolment.objects.get(user=held["alena"]).completed_at is None


def test_bbb_report_by_name_asks_the_trainer_to_confirm_uncertain_ones(client, held):
    client.force_login(held["trainer"])
    response = _upload(client, held["webinar"], "bbb_ru.csv")
    preview = response.context["preview"]
    assert not preview["error"]
    by_name = {p["name"]: p for p in preview["people"]}
    assert by_name["Сапаров Нурлан"]["person_id"] == held["nurlan"].pk  # word order ignored
    page = response.content.decode()
    assert "Сапаров Нурлан" in page and "Иванова Алёна" in page
    # The trainer saves only the people they confirm.
    nurlan = by_name["Сапаров Нурлан"]
    response = client.post(
        reverse("courses:webinar_attendance", args=[held["webinar"].pk]),
        {"action": "confirm", f"match-{nurlan['key']}": held["nurlan"].pk},
    )
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [held["nurlan"].pk]


def test_a_bad_file_changes_nothing_and_says_why(client, held):
    client.force_login(held["trainer"])
    url = reverse("courses:webinar_attendance", args=[held["webinar"].pk])
    response = client.post(
        url, {"action": "upload", "file": SimpleUploadedFile("x.csv", b"\x00\x01\x02garbage")}
    )
    assert response.status_code == 200 and response.context["preview"]["error"]
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_rows_with_errors_are_listed(client, held):
    client.force_login(held["trainer"])
    response = _upload(client, held["webinar"], "zoom_bad_rows.csv")
    rows = response.context["preview"]["rows"]
    assert {row.line for row in rows} >= {3, 4, 5}
    assert all(row.error for row in rows)
