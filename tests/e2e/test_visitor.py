"""What a visitor sees: the home page in three languages, search, materials, sign-up."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_up_and_verify
from tests.factories import MaterialFactory, MaterialTopicFactory, RegionFactory
from tests.sitetree import build_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(pristine_db):
    tree = build_site()
    topic = MaterialTopicFactory(slug="silver", name_ru="Серебряное волонтёрство")
    MaterialFactory(title="Памятка координатора", topic=topic, language="ru")
    MaterialFactory(title="Күміс волонтерлік", topic=topic, language="kk")
    MaterialFactory(title="Coordinator handbook", topic=topic, language="en")
    return tree


def test_visitor_reads_the_site_in_three_languages(live_server, page, screenshot, a11y, site):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text("Вектор добровольчества")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    a11y()

    # Keyboard first: the first Tab lands on the skip link, which jumps to the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_role("link", name="Қазақша").click()
    expect(page).to_have_url(live_server.url + "/kk/")
    expect(page.locator("h1")).to_have_text("Еріктілік векторы")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    screenshot("home-kk-desktop")

    page.get_by_role("link", name="Жоба туралы").first.click()
    expect(page.locator("h1")).to_have_text("Жоба туралы")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/about/")
    expect(page.locator("h1")).to_have_text("About the project")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    a11y()
    screenshot("home-ru-phone")


def test_visitor_searches_and_filters_materials(live_server, page, screenshot, a11y, site):
    page.goto(live_server.url + "/en/materials/")
    expect(page.locator(".material")).to_have_count(3)
    a11y()
    page.get_by_role("combobox", name="Language").select_option("kk")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".material")).to_have_count(1)
    expect(page.locator(".material h3")).to_have_text("Күміс волонтерлік")
    screenshot("materials-en-filtered")

    page.get_by_label("Search the site").first.fill("handbook")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=handbook"))
    expect(page.locator(".material h3")).to_have_text("Coordinator handbook")
    a11y()


def test_newcomer_signs_up_and_verifies_email(live_server, page, screenshot, a11y, site):
    region = RegionFactory(code="KZ-71", name_ru="Астана", name_kk="Астана", name_en="Astana")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Зарегистрироваться").click()
    a11y()
    page.get_by_label("Регион").select_option(str(region.pk))
    page.get_by_label("Язык писем и сертификатов").select_option("ru")
    screenshot("signup-ru-phone", width=390)
    sign_up_and_verify(
        page,
        live_server,
        full_name="Галина Степановна Орлова",
        email="galina@example.org",
        password="Ромашка-на-лугу-2026",
    )
    page.get_by_role("link", name="Галина").click()
    expect(page.locator("h1")).to_have_text("Мой профиль")
    expect(page.get_by_label("Регион")).to_have_value(str(region.pk))
    a11y()
