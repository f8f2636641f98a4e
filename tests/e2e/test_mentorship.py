"""Mentorship in a real browser: a coordinator screens a mentor and makes a match, the mentor
logs two sessions on a phone and raises a concern, and the coordinator sees it on the
dashboard."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from lms.hours.models import HoursEntry
from mentorship.models import Concern, Match, Session
from tests.factories import UserFactory
from tests.mentorship.factories import (
    InstitutionFactory,
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
    coordinator_of,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _record_step(page, step: str, day: datetime.date) -> None:
    page.locator("#id_screening-step").select_option(step)
    page.locator("#id_screening-outcome").select_option("passed")
    page.locator("#id_screening-done_on").fill(day.isoformat())
    page.locator("#id_screening-step").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    expect(page.locator(".messages")).to_be_visible()


def _log_session(page, day: datetime.date, minutes: int, mood: int, *, concern: str = ""):
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_hours").fill("")
    page.locator("#id_minutes").fill(str(minutes))
    page.locator("input[name=mode][value=in_person]").check()
    page.locator("input[name=activities][value=talk]").check()
    page.locator("input[name=activities][value=sport]").check()
    page.locator(f"input[name=mood][value='{mood}']").check()
    if concern:
        page.locator("#id_concern_category").select_option("wellbeing")
        page.locator("#id_concern_text").fill(concern)
    page.locator("form.stack-form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()


def test_screen_match_sessions_and_a_concern(
    live_server, page, screenshot, a11y, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    programme = ProgrammeFactory(title="Наставники: дети из детских домов Алматы")
    coordinator = coordinator_of(programme, full_name="Айгерим Нұрланқызы")
    mentor = MentorFactory(
        programme=programme, user=UserFactory(full_name="Данияр Абенов", preferred_language="ru")
    )
    mentee = MenteeFactory(
        programme=programme, institution=InstitutionFactory(name="Детский дом «Мерей»")
    )

    # The coordinator screens the mentor, step by step.
    _sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/mentorship/programmes/{programme.pk}/mentors/{mentor.pk}/")
    a11y()
    expect(page.locator("a[href*='matches/new']")).to_have_count(0)
    for step in ("interview", "police_record", "references"):
        _record_step(page, step, today - datetime.timedelta(days=3))
    a11y()
    # Ready: the page offers the match.
    page.locator(f"a[href$='matches/new/?mentor={mentor.pk}']").first.click()
    page.locator("#id_mentor").select_option(str(mentor.pk))
    page.locator("#id_mentee").select_option(str(mentee.pk))
    page.locator("#id_note").fill("Оба любят футбол.")
    a11y()
    page.locator("form.stack-form button[type=submit]").click()
    match = Match.objects.get(mentor=mentor)
    expect(page).to_have_url(f"{live_server.url}/mentorship/matches/{match.pk}/")
    # Started with the institution's consent.
    page.locator("#id_start-consent_by").select_option("institution")
    page.locator("#id_start-consent_on").fill((today - datetime.timedelta(days=20)).isoformat())
    page.locator("#id_start-started_on").fill((today - datetime.timedelta(days=20)).isoformat())
    page.locator("#id_start-consent_by").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    expect(page.locator(".messages")).to_be_visible()
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    a11y()

    # The mentor, on a phone, logs two sessions; the second raises a concern.
    page.set_viewport_size({"width": 390, "height": 900})
    _sign_in(page, live_server, mentor.user)
    page.goto(f"{live_server.url}/mentorship/matches/{match.pk}/")
    expect(page.locator("body")).to_contain_text(mentee.code)
    a11y()
    page.goto(f"{live_server.url}/mentorship/matches/{match.pk}/sessions/new/")
    a11y()
    _log_session(page, today - datetime.timedelta(days=10), 90, 4)
    page.goto(f"{live_server.url}/mentorship/matches/{match.pk}/sessions/new/")
    with django_capture_on_commit_callbacks(execute=True):
        _log_session(
            page, today - datetime.timedelta(days=2), 60, 2, concern="Говорит, что его обижают."
        )
    screenshot("mentorship-mentor-match-phone")
    assert Session.objects.filter(match=match).count() == 2
    assert HoursEntry.objects.filter(user=mentor.user, source="mentoring").count() == 2
    concern = Concern.objects.get(match=match)
    assert concern.notified_at is not None

    # The coordinator sees the concern on the dashboard and opens it.
    page.set_viewport_size({"width": 1280, "height": 900})
    _sign_in(page, live_server, coordinator)
    page.goto(f"{live_server.url}/mentorship/programmes/{programme.pk}/")
    a11y()
    link = page.locator(f"a[href$='/mentorship/concerns/{concern.pk}/']")
    expect(link).to_be_visible()
    screenshot("mentorship-dashboard")
    link.click()
    expect(page.locator("body")).to_contain_text("Говорит, что его обижают.")
    a11y()
