"""A learner studies a SCORM lesson in chromium: the package finds the site's run-time API
through window.parent, the learner answers and clicks "Завершить" inside the package, the
page announces the completion, and the lesson (the course's last) is recorded."""

import pytest
from playwright.sync_api import expect

from courses import services
from courses.models import Enrolment, LessonPage, LessonProgress, PackageAttempt
from courses.packages.samples import build_zip
from courses.packages.services import package_import
from tests.courses import builders
from tests.courses.packages.helpers import package_lesson, upload
from tests.factories import PASSWORD, UserFactory
from tests.sitetree import build_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RIGHT_ANSWER = {
    "scorm12": "Сообщить координатору маршрут и время возвращения",
    "scorm2004": "Со знакомства и правил безопасности",
}


@pytest.fixture
def lesson_of(pristine_db):
    def make(kind: str):
        tree = build_site()
        package = package_import(file=upload(build_zip(kind), f"{kind}.zip"))
        course = builders.course(tree.home["ru"], title="Школа добровольца", lessons=1)
        lesson = package_lesson(course, package)
        learner = UserFactory(full_name="Дина Ахметова", email="dina@example.org")
        services.enrolment_create(user=learner, course=course)
        first = LessonPage.objects.child_of(course).live().order_by("path").first()
        services.lesson_complete(user=learner, lesson=first)
        return lesson

    return make


def _sign_in(page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill("dina@example.org")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


@pytest.mark.parametrize("kind", ["scorm12", "scorm2004"])
def test_learner_finishes_a_scorm_lesson(live_server, page, screenshot, a11y, lesson_of, kind):
    lesson = lesson_of(kind)
    _sign_in(page, live_server)
    page.goto(live_server.url + lesson.url)
    a11y()
    expect(page.locator("[data-package-hint]")).to_be_visible()
    package = page.frame_locator(".package--scorm iframe")
    expect(package.get_by_role("heading", level=1)).to_be_visible()
    package.get_by_label(RIGHT_ANSWER[kind]).check()
    package.get_by_role("button", name="Завершить").click()
    expect(package.get_by_role("status")).to_contain_text("Верно")

    status = page.locator("[data-scorm-status]")
    expect(status).to_contain_text("Поздравляем! Вы завершили курс.")
    expect(status.get_by_role("link")).to_be_visible()
    # The hint that the lesson counts once the package is finished goes away.
    expect(page.locator("[data-package-hint]")).to_be_hidden()
    screenshot(f"scorm-{kind}-completed")
    attempt = PackageAttempt.objects.get()
    assert attempt.completed_at is not None and attempt.score == 100
    assert attempt.suspend_data == "answer=right"
    assert LessonProgress.objects.filter(lesson=lesson).exists()
    assert Enrolment.objects.get(user__email="dina@example.org").completed_at is not None

    # Back in the lesson, the package is marked finished and resumes with the saved answer.
    page.reload()
    expect(page.locator("[data-scorm-status]")).to_contain_text("✓")
    expect(package.get_by_label(RIGHT_ANSWER[kind])).to_be_checked()
