"""A new learner, from sign-up to a completed course, as a person sees it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from courses.models import Enrolment
from tests.certificates.helpers import pdf_text
from tests.courses import builders
from tests.e2e.conftest import sign_up_and_verify
from tests.sitetree import build_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course(pristine_db):
    tree = build_site()
    builders.course(tree.home["ru"], title="Другой курс", lessons=1)
    return builders.course(
        tree.home["ru"],
        title="Основы добровольческой деятельности",
        lessons=3,
        quiz_last=True,
        sections=True,
    )


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_new_learner_completes_a_course(live_server, page, screenshot, a11y, course, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/accounts/signup/")
    sign_up_and_verify(
        page,
        live_server,
        full_name="Нурлан Сапаров",
        email="nurlan@example.org",
        password="Жаркое-лето-2026",
    )

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Курсы").first.click()
    page.get_by_label("Слова").fill("Основы")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator(".course-card")).to_have_count(1)
    a11y()
    screenshot(f"course-catalog-{width}")
    page.get_by_role("link", name="Основы добровольческой деятельности").click()
    a11y()
    page.get_by_role("button", name="Записаться").click()
    expect(page.locator(".messages")).to_contain_text("Вы записаны на курс")

    # Every lesson without a quiz is marked done; each leads to the next one.
    for _ in range(2):
        a11y()
        page.get_by_role("button", name="Отметить как пройденный").click()
    expect(page.locator(".quiz")).to_be_visible()

    # The quiz: first wrong, then right.
    page.get_by_label("Спонсор").check()
    page.get_by_label("Сбор денег").check()
    page.get_by_role("button", name="Проверить ответы").click()
    expect(page.locator(".quiz__result")).to_contain_text("Тест пока не пройден")
    expect(page.locator(".quiz__question.is-wrong")).to_have_count(2)
    screenshot(f"course-quiz-failed-{width}")
    page.get_by_label("Организатор работы добровольцев").check()
    page.get_by_label("Сбор денег").uncheck()
    page.get_by_label("Правила безопасности").check()
    page.get_by_label("Знакомство").check()
    page.get_by_role("button", name="Пройти ещё раз").click()

    expect(page.locator("h1")).to_have_text("Основы добровольческой деятельности")
    expect(page.locator(".messages")).to_contain_text("Поздравляем! Вы завершили курс.")
    expect(page.locator(".enrol-box")).to_contain_text("Курс завершён")
    a11y()
    screenshot(f"course-completed-{width}")
    assert Enrolment.objects.get(user__email="nurlan@example.org").completed_at is not None

    page.get_by_role("link", name="Моё обучение").click()
    expect(page.locator("#finished-title + ul")).to_contain_text(
        "Основы добровольческой деятельности"
    )
    a11y()
    screenshot(f"course-dashboard-{width}")

    # The certificate was issued on completion: download it, then open the share link.
    certificate = Certificate.objects.get(user__email="nurlan@example.org")
    panel = page.locator("section", has=page.locator("#certificates-title"))
    expect(panel).to_contain_text(certificate.serial)
    with page.expect_download() as download_info:
        panel.get_by_role("link", name="Скачать PDF").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf == certificate.pdf.read()
    assert "Нурлан Сапаров" in pdf_text(pdf)
    panel.get_by_role("link", name="Ссылка для проверки").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "valid")
    expect(page.locator("h2")).to_contain_text("Сертификат действителен")
    expect(page.locator("main")).to_contain_text(certificate.sha256)
    a11y()
    screenshot(f"certificate-verified-{width}")

    # Anyone can type the number from the paper.
    page.goto(live_server.url + "/verify/")
    page.get_by_label("Номер сертификата").fill(certificate.serial.lower().replace("-", " "))
    page.get_by_role("button", name="Проверить").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "valid")
    expect(page.locator("main")).to_contain_text("Н. С.")
    expect(page.locator("main")).not_to_contain_text("Нурлан Сапаров")
