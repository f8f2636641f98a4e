"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Debian's chromium is needed for browser tests: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe, so Django's guard is lifted while it runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str, *, width: int | None = None) -> Path:
        if width is not None:
            page.set_viewport_size({"width": width, "height": 900})
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


A11Y_SCRIPT = """
() => {
  const problems = [];
  if (!document.documentElement.lang) problems.push('html has no lang');
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || el.type === 'submit') continue;
    const labelled = (el.labels && el.labels.length) || el.getAttribute('aria-label')
      || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('no label: ' + (el.name || el.id));
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.src);
  }
  for (const a of document.querySelectorAll('a, button')) {
    const name = (a.innerText || a.getAttribute('aria-label') || '').trim();
    if (!name && !a.querySelector('img[alt]:not([alt=""])')) problems.push('unnamed control');
  }
  return problems;
}
"""


@pytest.fixture
def a11y(page):
    """Basic accessibility checks of the current page: language, headings, labels, alt texts,
    control names, and no horizontal scrolling at the current width."""

    def check() -> None:
        assert page.evaluate(A11Y_SCRIPT) == []
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"page scrolls sideways by {overflow}px"

    return check


def sign_up_and_verify(page, live_server, *, full_name: str, email: str, password: str):
    """Sign up in Russian through the page, open the verification link from the e-mail, and
    confirm: the person ends up signed in."""
    import re

    from django.core import mail
    from playwright.sync_api import expect

    page.get_by_label("Фамилия, имя и отчество").fill(full_name)
    page.get_by_label("Адрес электронной почты").fill(email)
    page.get_by_role("textbox", name="Пароль", exact=True).fill(password)
    page.get_by_label("Пароль (ещё раз)").fill(password)
    page.get_by_role("button", name="Зарегистрируйтесь").click()
    expect(page.locator("h1")).to_contain_text("Подтвердите")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_role("link", name=full_name.split()[0])).to_be_visible()
