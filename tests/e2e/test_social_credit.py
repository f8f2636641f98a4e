"""Social credit in a real browser, on a phone and a desktop: a student logs three shifts, the
supervisor confirms two and rejects one, the student reaches the first tier with a later shift
and downloads the voucher."""

import datetime

import pytest
from django.test import Client
from playwright.sync_api import expect

from lms.hours.models import HoursEntry
from tests.factories import OrganisationFactory, UserFactory
from tests.socialcredit.factories import ProgrammeFactory, UniversityFactory, placed_student

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _log_shift(page, day: datetime.date, hours: int, text: str) -> None:
    page.locator("#id_shift-date").fill(day.isoformat())
    page.locator("#id_shift-hours").fill(str(hours))
    page.locator("#id_shift-minutes").fill("0")
    page.locator("#id_shift-description").fill(text)
    page.locator(".hours-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(f"{hours},0")


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_shifts_confirmation_and_voucher(live_server, page, screenshot, a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    placement = placed_student(
        programme=ProgrammeFactory(title="Социальный студенческий кредит 2026/2027"),
        host=OrganisationFactory(name="Общественный фонд «Қамқор Алматы»"),
        university=UniversityFactory(name="Степной университет социальных наук"),
        user=UserFactory(full_name="Әсел Төлеген", preferred_language="ru"),
        supervisor=UserFactory(full_name="Гүлнар Сейітқали"),
    )
    from lms.accounts.models import Membership

    Membership.objects.create(
        user=placement.supervisor, organisation=placement.host, role=Membership.Role.SUPERVISOR
    )
    student, supervisor = placement.participation.user, placement.supervisor
    url = f"{live_server.url}/social-credit/placements/{placement.pk}/"
    day = datetime.date(2026, 11, 2)

    _sign_in(page, live_server, student)
    page.goto(url)
    a11y()
    _log_shift(page, day, 6, "Ярмарка вещей для многодетных семей")
    _log_shift(page, day + datetime.timedelta(days=1), 6, "Кружок компьютерной грамотности")
    _log_shift(page, day + datetime.timedelta(days=2), 5, "Городской забег")
    expect(page.locator(".hours-entry")).to_have_count(3)
    a11y()
    screenshot(f"social-credit-student-{width}")

    _sign_in(page, live_server, supervisor)
    page.goto(url)
    a11y()
    screenshot(f"social-credit-supervisor-{width}")
    for text in ("Ярмарка вещей", "Кружок компьютерной"):
        entry = page.locator(".hours-entry", has_text=text)
        entry.get_by_role("button", name="Подтвердить").click()
        expect(page.locator(".messages")).to_contain_text("Подтверждено")
    entry = page.locator(".hours-entry", has_text="Городской забег")
    entry.get_by_label("Причина отказа").fill("Забег проводил другой организатор")
    entry.get_by_role("button", name="Отклонить").click()
    expect(page.locator(".messages")).to_contain_text("Отклонено")
    statuses = sorted(HoursEntry.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "rejected"]

    _sign_in(page, live_server, student)
    page.goto(url)
    expect(page.locator(".hours-entry", has_text="Городской забег")).to_contain_text(
        "Забег проводил другой организатор"
    )
    _log_shift(page, day + datetime.timedelta(days=7), 8, "Доставка продуктовых наборов")

    _sign_in(page, live_server, supervisor)
    page.goto(url)
    page.locator(".hours-entry", has_text="Доставка продуктовых").get_by_role(
        "button", name="Подтвердить"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Подтверждено")

    _sign_in(page, live_server, student)
    page.goto(live_server.url + "/social-credit/")
    a11y()
    voucher = page.locator(".vouchers-panel li[data-voucher]").first
    expect(voucher).to_contain_text("20")
    screenshot(f"social-credit-voucher-{width}")
    with page.expect_download() as download_info:
        voucher.locator("a[download]").first.click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
