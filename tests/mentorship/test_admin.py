"""Mentoring programmes in the Wagtail admin: listed, added with their rules, edited; the
coordinators' pages are linked from the admin menu."""

import pytest

from mentorship.models import MentoringProgramme
from tests.factories import OrganisationFactory, UserFactory
from tests.mentorship.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/mentorship/mentoringprogramme/"


def test_administrators_list_add_and_edit_programmes(client):
    programme = ProgrammeFactory(title="Старший друг")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "Старший друг" in listing.content.decode()
    assert client.get(f"{LIST}edit/{programme.pk}/").status_code == 200
    assert client.get(f"{LIST}add/").status_code == 200
    assert "/mentorship/" in client.get("/admin/").content.decode()

    organisation = OrganisationFactory()
    response = client.post(
        f"{LIST}add/",
        {
            "title": "Наставники Караганды",
            "organisation": organisation.pk,
            "description": "",
            "is_open": "on",
            "training_min_hours": "0",
            "requires_interview": "on",
            "requires_police_record": "on",
            "police_record_valid_months": "12",
            "expiry_warning_days": "30",
            "meetings_per_month": "4",
            "match_length_months": "9",
            "checkins_first_month": "2",
            "checkin_interval_days": "30",
            "alert_after_days": "10",
            "session_hours": "confirmed",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = MentoringProgramme.objects.get(title="Наставники Караганды")
    assert (created.meetings_per_month, created.alert_after_days) == (4, 10)
    assert created.required_steps == ["interview", "police_record"]


def test_learners_have_no_admin(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code in (302, 403)
