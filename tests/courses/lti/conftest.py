from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from courses.lti.models import Deployment, Platform
from tests.courses import builders

from .platform import PartnerPlatform

CLAIM_TARGET = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri"


@pytest.fixture
def client_factory():
    """Another browser (its own cookies)."""
    return Client


@pytest.fixture
def partner():
    platform = PartnerPlatform().start()
    yield platform
    platform.stop()


def register(partner: PartnerPlatform, **fields) -> Platform:
    platform = Platform.objects.create(
        name="Партнёрская СДО",
        issuer=partner.issuer,
        client_id=partner.client_id,
        auth_login_url=partner.auth_url,
        auth_token_url=partner.token_url,
        key_set_url=partner.jwks_url,
        **fields,
    )
    Deployment.objects.create(platform=platform, deployment_id=partner.deployment_id)
    return platform


@pytest.fixture
def registered(db, partner):
    return register(partner)


@pytest.fixture
def course(site_tree):
    return builders.course(site_tree.home["ru"], lessons=2)


def target(course_id: int) -> str:
    return f"{settings.SITE_URL}/lti/courses/{course_id}/"


def login_initiation(client, partner: PartnerPlatform, course_id: int, **params):
    """The platform's third-party login initiation; returns (response, state, nonce)."""
    query = {
        "iss": partner.issuer,
        "login_hint": "hint-1",
        "target_link_uri": target(course_id),
        "client_id": partner.client_id,
        "lti_deployment_id": partner.deployment_id,
        **params,
    }
    response = client.get("/lti/login/", query)
    if response.status_code != 302:
        return response, None, None
    location = urlsplit(response["Location"])
    values = {k: v[0] for k, v in parse_qs(location.query).items()}
    return response, values.get("state"), values.get("nonce")


def do_launch(client, partner: PartnerPlatform, course_id: int, *, key=None, kid=None, **claims):
    """Login initiation, then the platform's signed id_token posted to the launch URL.
    Returns (response, id_token, state)."""
    _response, state, nonce = login_initiation(client, partner, course_id)
    assert state and nonce
    claims.setdefault(CLAIM_TARGET, target(course_id))
    token = partner.sign(partner.claims(nonce=nonce, **claims), key=key, kid=kid)
    response = client.post("/lti/launch/", {"id_token": token, "state": state})
    return response, token, state
