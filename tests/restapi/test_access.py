"""Who may call what; tokens; throttling; the token page."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from tests.restapi.conftest import client_for, make_certificate

pytestmark = pytest.mark.django_db

COORDINATOR_URLS = [
    "/api/v1/region/enrolments/",
    "/api/v1/region/completions/",
    "/api/v1/region/hours/",
]


@pytest.mark.parametrize("url", COORDINATOR_URLS)
def test_permission_matrix(world, url):
    anonymous = client_for().get(url)
    assert anonymous.status_code == 401  # token auth answers with WWW-Authenticate
    assert anonymous["WWW-Authenticate"].startswith("Token")
    for person in (world.learner, world.volunteer_coordinator):
        assert client_for(person).get(url).status_code == 403
    for person in (world.regional, world.national, world.russian, world.admin):
        assert client_for(person).get(url).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/courses/", "/api/v1/certificates/X/"])
def test_public_endpoints_need_nobody(world, url):
    assert client_for().get(url).status_code in (200, 404)


def test_token_auth_and_rotation(world, client):
    api = client_for(world.regional, token=True)
    assert api.get("/api/v1/region/enrolments/").status_code == 200
    old_key = Token.objects.get(user=world.regional).key

    client.force_login(world.regional)
    page = client.post("/api/token/")
    assert page.status_code == 200
    new_key = Token.objects.get(user=world.regional).key
    assert new_key != old_key and new_key in page.content.decode()

    assert api.get("/api/v1/region/enrolments/").status_code == 401  # the old key
    api.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert api.get("/api/v1/region/enrolments/").status_code == 200
    # shown once: a later visit does not show the key
    assert new_key not in client.get("/api/token/").content.decode()


def test_a_token_does_not_widen_the_scope(world):
    api = client_for(world.learner, token=True)
    assert api.get("/api/v1/region/enrolments/").status_code == 403
    assert api.get("/api/v1/me/enrolments/").status_code == 200


def test_token_page_is_for_programme_coordinators(world, client):
    assert client.get("/api/token/").status_code == 302  # to the sign-in page
    for person, status in [
        (world.learner, 403),
        (world.volunteer_coordinator, 403),
        (world.regional, 200),
        (world.national, 200),
        (world.admin, 200),
    ]:
        client.force_login(person)
        assert client.get("/api/token/").status_code == status, person
        assert client.post("/api/token/").status_code == status, person
    assert not Token.objects.filter(user=world.learner).exists()


def test_token_page_is_in_russian(world, client):
    client.force_login(world.regional)
    page = client.get("/api/token/", HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200
    assert 'href="/api/docs/"' in page.content.decode()


def test_throttling(world, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min", "verify": "2/min"}
    )
    anonymous = client_for()
    assert [anonymous.get("/api/v1/courses/").status_code for _ in range(4)] == [200] * 3 + [429]

    signed_in = client_for(world.regional)
    codes = [signed_in.get("/api/v1/region/hours/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_verification_has_its_own_stricter_rate(world, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "100/min", "user": "100/min", "verify": "2/min"},
    )
    make_certificate(world.learner)
    client = client_for(world.admin)  # signed in or not: per address
    codes = [client.get("/api/v1/certificates/CERTCODE1/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/api/v1/courses/").status_code == 200
