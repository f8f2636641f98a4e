"""The ledger in the Wagtail admin: listed, filtered, searched and inspected."""

import pytest

from tests.factories import UserFactory
from tests.hours.factories import HoursEntryFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/hours/hoursentry/"


def test_administrators_list_filter_and_search_hours(client):
    HoursEntryFactory(description="Субботник в парке", status="confirmed", source="event")
    entry = HoursEntryFactory(description="Смена в хосписе")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert entry.user.full_name in listing.content.decode()
    assert len(listing.context["object_list"]) == 2
    assert client.get(LIST, {"status": "confirmed"}).status_code == 200
    assert client.get(LIST, {"source": "event"}).status_code == 200
    searched = client.get(LIST, {"q": "хосписе"})
    assert searched.status_code == 200
    assert [o.pk for o in searched.context["object_list"]] == [entry.pk]
    filtered = client.get(LIST, {"status": "confirmed"})
    assert [o.description for o in filtered.context["object_list"]] == ["Субботник в парке"]
    for url in (f"{LIST}edit/{entry.pk}/", f"{LIST}inspect/{entry.pk}/", f"{LIST}add/", "/admin/"):
        assert client.get(url).status_code == 200, url


def test_learners_have_no_admin(client):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code in (302, 403)
