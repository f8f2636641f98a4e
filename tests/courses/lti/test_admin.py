"""Administrators register partner platforms (with their deployments) in the Wagtail admin and
rotate the tool's keys; nobody else may."""

import pytest
from django.urls import reverse

from courses.lti.models import Platform, ToolKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_lti_platform:add"


def _form(**fields) -> dict:
    return {
        "name": "Moodle университета",
        "organisation": "",
        "is_active": "on",
        "issuer": "https://moodle.university.example",
        "client_id": "abc123",
        "auth_login_url": "https://moodle.university.example/mod/lti/auth.php",
        "auth_token_url": "https://moodle.university.example/mod/lti/token.php",
        "auth_audience": "",
        "key_set_url": "https://moodle.university.example/mod/lti/certs.php",
        "key_set": "",
        "deployments-TOTAL_FORMS": "1",
        "deployments-INITIAL_FORMS": "0",
        "deployments-MIN_NUM_FORMS": "1",
        "deployments-MAX_NUM_FORMS": "1000",
        "deployments-0-deployment_id": "7",
        "deployments-0-id": "",
        "deployments-0-DELETE": "",
        **fields,
    }


@pytest.fixture
def administrator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_administrator_registers_and_edits_a_platform(client, administrator):
    add = reverse(ADD)
    page = client.get(add)
    assert page.status_code == 200
    html = page.content.decode()
    # What the partner enters on their side.
    for path in ("/lti/login/", "/lti/launch/", "/lti/jwks/"):
        assert path in html
    response = client.post(add, _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    platform = Platform.objects.get()
    assert platform.deployments.get().deployment_id == "7"

    edit = reverse("wagtailsnippets_lti_platform:edit", args=[platform.pk])
    assert "abc123" in client.get(edit).content.decode()
    data = _form(
        name="Moodle (новый)",
        **{
            "deployments-INITIAL_FORMS": "1",
            "deployments-0-id": str(platform.deployments.get().pk),
        },
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    platform.refresh_from_db()
    assert platform.name == "Moodle (новый)"


def test_a_platform_needs_its_keys(client, administrator):
    response = client.post(reverse(ADD), _form(key_set_url=""))
    assert response.status_code == 200
    assert not Platform.objects.exists()
    response = client.post(reverse(ADD), _form(key_set_url="", key_set="{not json"))
    assert not Platform.objects.exists()
    response = client.post(
        reverse(ADD), _form(key_set_url="", key_set='{"keys": [{"kty": "RSA", "kid": "1"}]}')
    )
    assert response.status_code == 302
    assert Platform.objects.exists()


def test_issuer_and_client_id_are_registered_once(client, administrator):
    assert client.post(reverse(ADD), _form()).status_code == 302
    response = client.post(reverse(ADD), _form(name="Ещё раз"))
    assert response.status_code == 200
    assert Platform.objects.count() == 1


def test_learner_is_refused(client):
    client.force_login(UserFactory())
    response = client.get(reverse(ADD))
    assert response.status_code in (302, 403)
    assert client.post(reverse(ADD), _form()).status_code in (302, 403)
    assert not Platform.objects.exists()


def test_editor_cannot_register_platforms_or_rotate_keys(client):
    editor = UserFactory(is_staff=True, groups=["Editors"])
    client.force_login(editor)
    assert client.post(reverse(ADD), _form()).status_code in (302, 403)
    assert not Platform.objects.exists()
    assert client.post(reverse("lti_rotate_keys")).status_code in (302, 403)
    assert not ToolKey.objects.exists()


def test_administrator_rotates_keys_from_the_admin(client, administrator):
    listing = reverse("wagtailsnippets_lti_toolkey:list")
    client.get("/lti/jwks/")
    first = ToolKey.objects.get()
    assert reverse("lti_rotate_keys") in client.get(listing).content.decode()
    assert client.get(reverse("lti_rotate_keys")).status_code == 200
    response = client.post(reverse("lti_rotate_keys"))
    assert response.status_code == 302
    assert ToolKey.objects.count() == 2
    assert ToolKey.objects.get(pk=first.pk).retired_at is not None
    # Keys are looked at, never edited or deleted in the admin.
    edit = reverse("wagtailsnippets_lti_toolkey:edit", args=[first.pk])
    assert client.post(edit, {}).status_code in (302, 403)
    assert ToolKey.objects.get(pk=first.pk).private_key == first.private_key


def test_administrator_sees_the_lists(client, administrator):
    for name in ("platform", "toolkey", "gradesync"):
        assert client.get(reverse(f"wagtailsnippets_lti_{name}:list")).status_code == 200
