"""An H5P task in a lesson, in a real browser: the project's sample package plays in the
vendored player, the learner answers wrong, tries again, answers right, and the lesson and
the course are completed — on a phone and on a desktop."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from courses import services
from courses.models import Enrolment, LessonPage, LessonProgress, PackageAttempt
from courses.packages.samples import build_zip
from courses.packages.services import package_import
from tests.courses import builders
from tests.factories import UserFactory
from tests.sitetree import build_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sample_upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("check.h5p", build_zip("h5p"), "application/zip")


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def lesson(pristine_db):
    tree = build_site()
    package = package_import(file=sample_upload())
    course = builders.course(tree.home["ru"], lessons=0, title="Координатор добровольцев")
    lesson = LessonPage(
        title="Кто такой координатор",
        slug="coordinator",
        body=[
            {"type": "paragraph", "value": "<p>Прочитайте вопрос и выберите ответ.</p>"},
            {"type": "h5p", "value": {"package": package.pk, "title": "Проверьте себя"}},
        ],
    )
    course.add_child(instance=lesson)
    return lesson


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_learner_answers_the_h5p_task_and_completes_the_course(
    live_server, page, screenshot, a11y, lesson, width
):
    learner = UserFactory(full_name="Айгерим Касымова")
    services.enrolment_create(user=learner, course=lesson.get_parent().specific)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, learner)

    page.goto(live_server.url + lesson.url)
    block = page.locator("[data-h5p-block]")
    expect(block.get_by_role("heading", name="Проверьте себя")).to_be_visible()
    expect(block).to_have_attribute("data-ready", "true")
    frame = page.frame_locator("iframe.h5p-iframe")
    expect(frame.get_by_text("Кто такой координатор добровольцев?")).to_be_visible()
    expect(page.locator("iframe.h5p-iframe")).to_have_attribute("title", "Проверьте себя")
    a11y()
    screenshot(f"h5p-question-{width}")

    # A wrong answer is recorded but does not complete the lesson.
    frame.get_by_role("button", name="Спонсор проекта").click()
    status = block.locator("[data-h5p-status]")
    expect(status).to_have_attribute("data-kind", "saved")
    expect(block).to_have_attribute("data-completed", "false")
    attempt = PackageAttempt.objects.get(enrolment__user=learner)
    assert (attempt.score_raw, attempt.success, attempt.completed_at) == (0, "failed", None)
    assert not LessonProgress.objects.exists()

    # Then right: the lesson is done and, being the only one, so is the course.
    frame.get_by_role("button", name="Ответить ещё раз").click()
    frame.get_by_role("button", name="Человек, который организует работу добровольцев").click()
    expect(status).to_have_attribute("data-kind", "done")
    expect(status).to_contain_text("Поздравляем! Вы завершили курс.")
    expect(block).to_have_attribute("data-completed", "true")
    expect(block.get_by_role("link", name="Продолжить")).to_be_visible()
    expect(page.locator("[data-package-hint]")).to_be_hidden()
    a11y()
    screenshot(f"h5p-completed-{width}")
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    assert LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).exists()

    # Coming back, the page remembers it.
    page.reload()
    expect(block).to_have_attribute("data-completed", "true")
    expect(page.locator(".done-mark")).to_be_visible()


def test_two_h5p_tasks_in_one_lesson_each_count(live_server, page, pristine_db):
    tree = build_site()
    package = package_import(file=sample_upload())
    course = builders.course(tree.home["ru"], lessons=0, title="Два задания")
    lesson = LessonPage(
        title="Два задания подряд",
        slug="two-tasks",
        body=[
            {"type": "h5p", "value": {"package": package.pk, "title": "Первое задание"}},
            {"type": "h5p", "value": {"package": package.pk, "title": "Второе задание"}},
        ],
    )
    course.add_child(instance=lesson)
    learner = UserFactory()
    services.enrolment_create(user=learner, course=course)
    sign_in(page, live_server, learner)
    right = "Человек, который организует работу добровольцев"

    page.goto(live_server.url + lesson.url)
    first, second = page.locator("[data-h5p-block]").all()
    expect(first).to_have_attribute("data-ready", "true")
    expect(second).to_have_attribute("data-ready", "true")
    frames = [page.frame_locator(f"#h5p-iframe-{block_id}") for block_id in lesson.packages()]

    frames[1].get_by_role("button", name=right).click()
    expect(second).to_have_attribute("data-completed", "true")
    expect(first).to_have_attribute("data-completed", "false")
    assert not LessonProgress.objects.exists()
    frames[0].get_by_role("button", name=right).click()
    expect(first).to_have_attribute("data-completed", "true")
    expect(first.locator("[data-h5p-status]")).to_contain_text("Поздравляем! Вы завершили курс.")
    assert PackageAttempt.objects.filter(completed_at__isnull=False).count() == 2
    assert Enrolment.objects.get(user=learner).completed_at is not None
