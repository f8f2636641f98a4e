""" "My hours" and "Confirm hours" in a real browser, on a phone and a desktop: labelled, one
heading, no sideways scrolling; a person logs hours and their supervisor confirms them.

The browser runs in a thread of its own: Playwright's sync API refuses to start in a thread
whose event loop is taken, as it is once the browser tests in tests/e2e have run.
"""

import datetime
import threading

import pytest
from django.test import Client
from django.utils import timezone

from lms.hours.models import HoursEntry
from tests.e2e.conftest import A11Y_SCRIPT, ARTIFACTS, CHROMIUM_ARGS, chromium_path
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.hours.factories import HoursEntryFactory, supervisor_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAME = "ГБУ «Комплексный центр социального обслуживания населения Петрозаводска»"


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _in_a_browser(scenario) -> None:
    """Run ``scenario(browser)`` in a thread with its own Playwright; re-raise what it raised."""
    failures: list[BaseException] = []

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
                )
                try:
                    scenario(browser)
                finally:
                    browser.close()
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=180)
    assert not thread.is_alive(), "the browser scenario did not finish"
    if failures:
        raise failures[0]


def _check(page) -> None:
    """Language, one h1, labels, names of controls; no sideways scrolling."""
    assert page.evaluate(A11Y_SCRIPT) == []
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_log_and_confirm_hours(live_server, width):
    region = RegionFactory(code="RU-KR", country="RU", name_ru="Республика Карелия")
    organisation = OrganisationFactory(name=LONG_NAME, region=region)
    supervisor = supervisor_of(organisation, full_name="Ольга Иванова")
    student = UserFactory(full_name="Әсел Төлеген")
    HoursEntryFactory(
        user=student,
        organisation=organisation,
        status="rejected",
        rejection_reason="В этот день отделение было закрыто на карантин",
        date=datetime.date(2025, 12, 5),
    )
    cookies = {"student": _session_cookie(student), "supervisor": _session_cookie(supervisor)}
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ARTIFACTS.mkdir(exist_ok=True)

    def scenario(browser) -> None:
        from playwright.sync_api import expect

        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        page = context.new_page()
        page.set_default_timeout(15_000)

        def sign_in(who: str) -> None:
            context.clear_cookies()
            context.add_cookies(
                [{"name": "sessionid", "value": cookies[who], "url": live_server.url}]
            )

        def screenshot(name: str) -> None:
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)

        sign_in("student")
        page.goto(live_server.url + "/hours/")
        _check(page)
        page.locator("#id_organisation").select_option(str(organisation.pk))
        page.locator("#id_date").fill(yesterday.isoformat())
        page.locator("#id_hours").fill("3")
        page.locator("#id_minutes").fill("30")
        page.locator("#id_description").fill("Қарттармен серуен және түскі ас")
        screenshot("hours-form")
        page.locator(".hours-form button[type=submit]").click()
        expect(page.locator(".messages")).to_contain_text("3,5")
        expect(page.locator(".hours-entries")).to_contain_text("Қарттармен серуен")
        _check(page)
        screenshot("hours-mine")

        sign_in("supervisor")
        page.goto(live_server.url + "/hours/confirm/")
        expect(page.locator(".hours-entry")).to_have_count(1)
        _check(page)
        screenshot("hours-confirm")
        page.locator(".hours-decide button[value=confirm]").click()
        expect(page.locator(".messages")).to_contain_text("Әсел Төлеген")
        _check(page)
        context.close()

    _in_a_browser(scenario)
    entry = HoursEntry.objects.get(user=student, status="confirmed")
    assert (entry.minutes, entry.decided_by_id) == (210, supervisor.pk)
