import zoneinfo

import pytest
from django.utils import timezone

from lms.accounts import api, services
from lms.accounts.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_needs_sign_in(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_person_edits_their_profile(client):
    region = RegionFactory(code="RU-KR", country="RU", time_zone="Europe/Moscow")
    user = UserFactory()
    client.force_login(user)
    page = client.get("/en/accounts/profile/")
    assert page.status_code == 200
    assert "My profile" in page.content.decode()
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": "  Ольга   Иванова ",
            "preferred_language": "kk",
            "region": region.pk,
            "time_zone": "",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.region) == ("Ольга Иванова", "kk", region)


def test_bad_profile_input_changes_nothing(client):
    user = UserFactory(full_name="Ольга Иванова")
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": " ",
            "preferred_language": "xx",
            "region": "999999",
            "time_zone": "Mars/Base",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "full_name",
        "preferred_language",
        "region",
        "time_zone",
    }
    user.refresh_from_db()
    assert user.full_name == "Ольга Иванова"
    assert user.preferred_language == "ru"


def test_profile_lists_roles(client):
    membership = MembershipFactory(role=Membership.Role.TRAINER)
    client.force_login(membership.user)
    body = client.get("/en/accounts/profile/").content.decode()
    assert "Regional trainer" in body
    assert membership.organisation.name in body


def test_times_are_shown_in_the_persons_zone(client):
    region = RegionFactory(code="RU-KGD", country="RU", time_zone="Europe/Kaliningrad")
    user = UserFactory(region=region)
    client.force_login(user)
    seen = {}

    from django.test.signals import template_rendered

    def capture(sender, **kwargs):
        seen.setdefault("tz", timezone.get_current_timezone_name())

    template_rendered.connect(capture)
    try:
        client.get("/accounts/profile/")
    finally:
        template_rendered.disconnect(capture)
    assert seen["tz"] == "Europe/Kaliningrad"
    services.user_profile_update(
        user=user,
        full_name=user.full_name,
        preferred_language="ru",
        region=region,
        time_zone="Asia/Almaty",
    )
    assert api.user_time_zone(user) == "Asia/Almaty"
    assert zoneinfo.ZoneInfo(api.get_user(user.pk).time_zone)


def test_membership_grant_is_idempotent_and_revocable():
    user, organisation = UserFactory(), OrganisationFactory()
    first = services.membership_grant(user=user, organisation=organisation, role="mentor")
    second = services.membership_grant(user=user, organisation=organisation, role="mentor")
    assert first.pk == second.pk
    assert api.user_has_role(user.pk, "mentor", organisation_id=organisation.pk)
    assert [m.organisation_id for m in api.user_memberships(user.pk, role="mentor")] == [
        organisation.pk
    ]
    assert services.membership_revoke(user=user, organisation=organisation, role="mentor")
    assert not services.membership_revoke(user=user, organisation=organisation, role="mentor")
    assert not api.user_has_role(user.pk, "mentor")


def test_unknown_role_is_refused():
    with pytest.raises(ValueError):
        services.membership_grant(
            user=UserFactory(), organisation=OrganisationFactory(), role="king"
        )


def test_region_names_follow_the_active_language():
    from django.utils import translation

    region = RegionFactory(name_ru="Алматы", name_kk="Алматы қаласы", name_en="Almaty city")
    for language, expected in [("ru", "Алматы"), ("kk", "Алматы қаласы"), ("en", "Almaty city")]:
        with translation.override(language):
            assert str(region) == expected
            assert api.get_region(region.pk).name == expected
    region.name_en = ""
    with translation.override("en"):
        assert region.name == "Алматы"
