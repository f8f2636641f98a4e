"""A trainer schedules a webinar, a learner registers and takes the .ics, the trainer marks
attendance, and the learner's course completes — as the two people see it."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from courses import services as course_services
from courses.models import Enrolment, LessonPage, Webinar
from tests.courses.trainers import builders
from tests.factories import PASSWORD
from tests.sitetree import build_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(pristine_db):
    tree = build_site()
    trainer = builders.trainer(full_name="Ерлан Сапаров", email="erlan@example.org")
    course = builders.course_with_webinars(tree.home["ru"], needed=1, share=75, lessons=1)
    course.title = "Школа координатора"
    course.save_revision().publish()
    cohort = builders.cohort(course, trainer_user=trainer, title="Астана: осенний поток")
    learner = builders.learner_in(cohort, full_name="Анна Смирнова", email="anna@example.org")
    lesson = LessonPage.objects.descendant_of(course).get()
    course_services.lesson_complete(user=learner, lesson=lesson)
    return {"trainer": trainer, "learner": learner, "course": course}


def _sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill(email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_webinar_from_schedule_to_completion(live_server, page, screenshot, a11y, people, width):
    page.set_viewport_size({"width": width, "height": 900})
    # The trainer schedules a webinar for their cohort.
    _sign_in(page, live_server, "erlan@example.org")
    page.goto(live_server.url + "/learning/trainer/")
    a11y()
    page.get_by_role("link", name="Запланировать вебинар").click()
    page.get_by_label("Название").fill("Как встречать новых добровольцев")
    page.get_by_label("Курс").select_option(label="Школа координатора")
    page.get_by_label("Поток").select_option(label="Астана: осенний поток")
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        hour=10, minute=0
    )
    page.get_by_label("Начало").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ссылка на встречу").fill("https://bbb.example.org/b/vek-123")
    a11y()
    screenshot(f"webinar-new-{width}")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_have_text("Как встречать новых добровольцев")
    webinar = Webinar.objects.get()

    # The learner registers and takes the calendar file.
    _sign_in(page, live_server, "anna@example.org")
    page.goto(live_server.url + f"/learning/webinars/{webinar.pk}/")
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.locator(".messages")).to_contain_text("Вы зарегистрированы")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Добавить в календарь (.ics)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["summary"]) == "Как встречать новых добровольцев"
    assert event.decoded("dtstart") == webinar.starts_at
    a11y()
    screenshot(f"webinar-registered-{width}")

    # The webinar takes place (time passes), and the trainer marks attendance.
    Webinar.objects.filter(pk=webinar.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    _sign_in(page, live_server, "erlan@example.org")
    page.goto(live_server.url + f"/learning/webinars/{webinar.pk}/attendance/")
    page.get_by_role("checkbox", name="Анна Смирнова присутствовал(а)").check()
    a11y()
    screenshot(f"webinar-attendance-{width}")
    page.get_by_role("button", name="Сохранить посещаемость").first.click()
    expect(page.locator(".messages")).to_contain_text("1")

    # The learner's course is complete.
    _sign_in(page, live_server, "anna@example.org")
    page.goto(live_server.url + people["course"].url)
    expect(page.locator(".enrol-box")).to_contain_text("Курс завершён")
    screenshot(f"webinar-course-completed-{width}")
    assert Enrolment.objects.get(user=people["learner"]).completed_at is not None
