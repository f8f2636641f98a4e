"""The reports in a real browser: a national coordinator reads the dashboard on a computer
and on a phone, narrows it to a region, downloads a table and gets the whole workbook."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.reports.helpers import World

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_national_coordinator_reads_filters_and_downloads(
    live_server, page, screenshot, a11y, committed_site_tree
):
    world = World(committed_site_tree.home["ru"])
    _sign_in(page, live_server, world.national)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Отчёты").click()
    expect(page.locator("h1")).to_have_text("Отчёты")
    page.locator("#id_start").fill("2026-01-01")
    page.locator("#id_end").fill("2026-11-24")
    page.locator("#id_end").press("Enter")  # the keyboard submits the filters
    expect(page.locator("#figure-enrolments dd").first).to_have_text("5")
    expect(page.locator("#figure-completions dd").first).to_have_text("3")
    chart = page.locator("figure.chart > svg")
    expect(chart).to_be_visible()
    expect(page.locator(".bars__row")).to_have_count(2)
    regions = page.locator("#table-data-regions tbody th")
    expect(regions).to_have_text(["Алматы", "Астана"])
    expect(page.get_by_text("Карелия")).to_have_count(0)
    a11y()
    screenshot("reports-dashboard")
    page.set_viewport_size({"width": 390, "height": 844})
    a11y()
    screenshot("reports-dashboard-phone", width=390)

    # narrow to one region
    page.locator("#id_region").select_option(label="Алматы")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#table-data-regions tbody th")).to_have_text(["Алматы"])
    expect(page.locator("#figure-enrolments dd").first).to_have_text("2")

    # a table as CSV, at once
    with page.expect_download() as download:
        page.locator("#table-data-regions").locator(
            "xpath=ancestor::div[@class='table-wrap']/following-sibling::form[1]"
        ).get_by_role("button", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[1].startswith("Алматы;2;")

    # the whole dashboard: prepared in the background, then a link
    page.get_by_role("button", name="Все таблицы одной книгой XLSX").click()
    expect(page.locator("h1")).to_have_text("Мои выгрузки")
    link = page.get_by_role("link", name="Скачать «Все таблицы»")
    expect(link).to_be_visible()
    a11y()
    screenshot("reports-exports-phone", width=390)
    with page.expect_download() as download:
        link.click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(workbook.worksheets) >= 4
