""" "My hours" and "Confirm hours" in a real browser, on a phone and a desktop: labelled, one
heading, no sideways scrolling; a person logs hours and their supervisor confirms them."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lms.hours.models import HoursEntry
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.hours.factories import HoursEntryFactory, supervisor_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAME = "ГБУ «Комплексный центр социального обслуживания населения Петрозаводска»"


def _sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_log_and_confirm_hours(live_server, page, screenshot, a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
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

    _sign_in(page, live_server, student)
    page.goto(live_server.url + "/hours/")
    a11y()
    page.locator("#id_organisation").select_option(str(organisation.pk))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.locator("#id_date").fill(yesterday.isoformat())
    page.locator("#id_hours").fill("3")
    page.locator("#id_minutes").fill("30")
    page.locator("#id_description").fill("Қарттармен серуен және түскі ас")
    a11y()
    screenshot(f"hours-form-{width}")
    page.locator(".hours-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("3,5")
    expect(page.locator(".hours-entries")).to_contain_text("Қарттармен серуен")
    a11y()
    screenshot(f"hours-mine-{width}")

    page.context.clear_cookies()
    _sign_in(page, live_server, supervisor)
    page.goto(live_server.url + "/hours/confirm/")
    expect(page.locator(".hours-entry")).to_have_count(1)
    a11y()
    screenshot(f"hours-confirm-{width}")
    page.locator(".hours-decide button[value=confirm]").click()
    expect(page.locator(".messages")).to_contain_text("Әсел Төлеген")
    a11y()
    entry = HoursEntry.objects.get(user=student, status="confirmed")
    assert (entry.minutes, entry.decided_by_id) == (210, supervisor.pk)
