"""Open Badges 2.0 hosted verification: the Assertion of a certificate, the BadgeClass of its
course, the Issuer profile and the badge image, checked against JSON Schemas written from the
specification (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html)
and by following their links the way a backpack does."""

import copy
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from certificates import selectors
from certificates.models import Certificate
from certificates.services import certificate_revoke
from lms.accounts.models import User
from tests.certificates.helpers import completed
from tests.courses import builders
from tests.factories import UserFactory
from tests.sitetree import build_site

pytestmark = pytest.mark.django_db

SITE_URL = "https://vektor.example.org"
EMAIL = "aigerim.learner@example.org"
COURSE = "Организация добровольческой деятельности"
REASON = "Выдан по ошибке"
CONTEXT = "https://w3id.org/openbadges/v2"
JSON_LD = "application/ld+json"

# --- JSON Schemas (Draft 7) of the Open Badges 2.0 shapes ----------------------------

formats = jsonschema.FormatChecker()  # "email" and the other formats jsonschema knows


@formats.checks("iri", raises=ValueError)
def _is_http_iri(value) -> bool:
    """An absolute HTTP(S) IRI: what a hosted badge's ids and links must be to be fetched."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


@formats.checks("date-time", raises=ValueError)
def _is_iso_datetime(value) -> bool:
    """ISO 8601 date and time with a time zone (the spec's DateTime)."""
    if not isinstance(value, str):
        return True
    return "T" in value and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


IRI = {"type": "string", "format": "iri"}
DATETIME = {"type": "string", "format": "date-time"}


def one_of_type(name: str) -> dict:
    """JSON-LD ``type``: the term, or an array containing it."""
    return {"anyOf": [{"const": name}, {"type": "array", "contains": {"const": name}}]}


JSON_LD_CONTEXT = {"anyOf": [{"const": CONTEXT}, {"type": "array", "contains": {"const": CONTEXT}}]}

IDENTITY_OBJECT = {
    "type": "object",
    "required": ["type", "identity", "hashed"],
    "properties": {
        "type": {"type": "string", "minLength": 1},
        "identity": {"type": "string", "minLength": 1},
        "hashed": {"type": "boolean"},
        "salt": {"type": "string"},
    },
    "if": {"properties": {"hashed": {"const": True}}},
    "then": {"properties": {"identity": {"pattern": "^sha256\\$[0-9a-f]{64}$"}}},
}

EVIDENCE = {
    "anyOf": [
        IRI,
        {"type": "object", "properties": {"id": IRI, "narrative": {"type": "string"}}},
    ]
}

ASSERTION_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Open Badges 2.0 Assertion (hosted)",
    "type": "object",
    "required": ["@context", "id", "type", "recipient", "badge", "verification", "issuedOn"],
    "properties": {
        "@context": JSON_LD_CONTEXT,
        "id": IRI,
        "type": one_of_type("Assertion"),
        "recipient": IDENTITY_OBJECT,
        "badge": IRI,
        "verification": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": ["hosted", "HostedBadge"]}},
        },
        "issuedOn": DATETIME,
        "expires": DATETIME,
        "image": IRI,
        "narrative": {"type": "string"},
        "evidence": {"anyOf": [EVIDENCE, {"type": "array", "items": EVIDENCE}]},
        "revoked": {"const": False},
    },
}

BADGE_CLASS_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Open Badges 2.0 BadgeClass",
    "type": "object",
    "required": [
        "@context",
        "id",
        "type",
        "name",
        "description",
        "image",
        "criteria",
        "issuer",
    ],
    "properties": {
        "@context": JSON_LD_CONTEXT,
        "id": IRI,
        "type": one_of_type("BadgeClass"),
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "image": {
            "anyOf": [IRI, {"type": "object", "required": ["id"], "properties": {"id": IRI}}]
        },
        "criteria": {
            "anyOf": [
                IRI,
                {
                    "type": "object",
                    "properties": {"id": IRI, "narrative": {"type": "string", "minLength": 1}},
                    "anyOf": [{"required": ["id"]}, {"required": ["narrative"]}],
                },
            ]
        },
        "issuer": IRI,
        "tags": {"type": "array", "items": {"type": "string"}},
        "alignment": {"type": "array"},
    },
}

ISSUER_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Open Badges 2.0 Issuer Profile",
    "type": "object",
    "required": ["@context", "id", "type", "name", "url", "email"],
    "properties": {
        "@context": JSON_LD_CONTEXT,
        "id": IRI,
        "type": {"anyOf": [one_of_type("Issuer"), one_of_type("Profile")]},
        "name": {"type": "string", "minLength": 1},
        "url": IRI,
        "email": {"type": "string", "format": "email"},
        "description": {"type": "string"},
        "image": IRI,
    },
}

REVOKED_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Open Badges 2.0 hosted verification: a revoked assertion (HTTP 410)",
    "type": "object",
    "required": ["revoked", "revocationReason"],
    "properties": {
        "id": IRI,
        "revoked": {"const": True},
        "revocationReason": {"type": "string", "minLength": 1},
    },
}


def svg_root(body: bytes) -> ET.Element:
    """The root element of an SVG this site served (raises on malformed XML)."""
    return ET.fromstring(body)  # noqa: S314 - our own response, not untrusted input


def validate(document: dict, schema: dict) -> None:
    jsonschema.Draft7Validator(schema, format_checker=formats).validate(document)


def errors(document: dict, schema: dict) -> list:
    return list(jsonschema.Draft7Validator(schema, format_checker=formats).iter_errors(document))


# --- Fixtures and helpers ------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    media: Path
    certificate_id: int
    learner_id: int
    home_id: int


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker, tmp_path_factory):
    """One certificate for the whole module, in a transaction rolled back when the module
    ends; each test runs in a savepoint inside it, so what it changes is undone after it."""
    media = tmp_path_factory.mktemp("media")
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media, STORAGES=storages):
            site = build_site()
            learner = UserFactory(full_name="Айгерім Жұмабаева", email=EMAIL, password=None)
            # The completion queues issuing on commit: run those callbacks now.
            with TestCase.captureOnCommitCallbacks(execute=True):
                enrolment = completed(site.home["ru"], user=learner, title=COURSE)
            certificate = Certificate.objects.get(enrolment_id=enrolment.pk)
            assert certificate.sha256, "the PDF is rendered"
        yield Issued(
            media=media,
            certificate_id=certificate.pk,
            learner_id=learner.pk,
            home_id=site.home["ru"].pk,
        )
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def certificate(issued, settings) -> Certificate:
    settings.MEDIA_ROOT = issued.media
    return Certificate.objects.get(pk=issued.certificate_id)


@pytest.fixture
def learner(issued) -> User:
    return User.objects.get(pk=issued.learner_id)


def url(name: str, *args, language: str = "ru") -> str:
    with translation.override(language):
        return reverse(f"certificates:{name}", args=args)


def fetch(client, iri: str, expected_status: int = 200):
    """GET an absolute IRI of this site with the test client."""
    assert iri.startswith(SITE_URL + "/"), f"{iri} is on this site"
    response = client.get(iri.removeprefix(SITE_URL), HTTP_ACCEPT="application/ld+json")
    assert response.status_code == expected_status, iri
    return response


def fetch_json(client, iri: str, expected_status: int = 200) -> dict:
    response = fetch(client, iri, expected_status)
    assert response["Content-Type"] == JSON_LD
    return response.json()


def assertion_iri(certificate: Certificate) -> str:
    return SITE_URL + url("badge_assertion", certificate.code)


def set_valid_until(certificate: Certificate, day) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=day)


# --- The schemas themselves ----------------------------------------------------------


@pytest.mark.parametrize(
    "schema", [ASSERTION_SCHEMA, BADGE_CLASS_SCHEMA, ISSUER_SCHEMA, REVOKED_SCHEMA]
)
def test_the_schemas_are_valid_draft_7(schema):
    jsonschema.Draft7Validator.check_schema(schema)


def test_the_schemas_reject_what_the_spec_forbids(client, certificate):
    """The schemas bite: an assertion served by the site, broken in one way at a time."""
    good = fetch_json(client, assertion_iri(certificate))
    assert errors(good, ASSERTION_SCHEMA) == []

    def broken(change) -> dict:
        document = copy.deepcopy(good)
        change(document)
        return document

    cases = [
        broken(lambda d: d.pop("recipient")),
        broken(lambda d: d.pop("verification")),
        broken(lambda d: d.update({"@context": "https://w3id.org/openbadges/v1"})),
        broken(lambda d: d.update({"type": "BadgeClass"})),
        broken(lambda d: d.update({"id": "/badges/assertions/x.json"})),
        broken(lambda d: d.update({"badge": "urn:uuid:1234"})),
        broken(lambda d: d.update({"issuedOn": "yesterday"})),
        broken(lambda d: d.update({"issuedOn": "2026-05-01T10:00:00"})),  # no time zone
        broken(lambda d: d.update({"expires": "2026-13-01T00:00:00+00:00"})),
        broken(lambda d: d["recipient"].update({"identity": "learner@example.org"})),
        broken(lambda d: d["recipient"].update({"identity": "sha256$abc"})),
        broken(lambda d: d["recipient"].update({"hashed": "true"})),
        broken(lambda d: d["verification"].update({"type": "carrier pigeon"})),
    ]
    for document in cases:
        assert errors(document, ASSERTION_SCHEMA), document


# --- The Assertion ---------------------------------------------------------------------


def test_the_assertion_is_an_open_badges_2_assertion(client, certificate):
    iri = assertion_iri(certificate)

    assertion = fetch_json(client, iri)

    validate(assertion, ASSERTION_SCHEMA)
    assert assertion["id"] == iri
    assert assertion["verification"]["type"] in ("hosted", "HostedBadge")


def test_the_assertion_says_when_it_was_issued(client, certificate):
    assertion = fetch_json(client, assertion_iri(certificate))

    assert datetime.fromisoformat(assertion["issuedOn"]) == certificate.issued_at


def test_a_code_typed_in_lower_case_serves_the_same_assertion(client, certificate):
    upper = fetch_json(client, assertion_iri(certificate))
    lower = fetch_json(client, SITE_URL + url("badge_assertion", certificate.code.lower()))

    assert lower == upper


def test_the_recipient_is_the_learners_hashed_email(client, certificate, learner):
    response = fetch(client, assertion_iri(certificate))
    recipient = response.json()["recipient"]

    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    salt = recipient["salt"]
    assert salt, "a salt, so the hash cannot be looked up in a table of e-mail addresses"
    assert recipient["identity"] == "sha256$" + hashlib.sha256((EMAIL + salt).encode()).hexdigest()
    assert learner.email == EMAIL
    # The address itself is never published, nor the learner's name.
    body = response.content.decode()
    assert EMAIL not in body
    assert learner.full_name not in body


def test_certificates_of_two_learners_hash_differently(client, certificate, issued):
    """Each certificate has its own salt: assertions cannot be linked to one person by
    comparing hashes."""
    other = UserFactory(email="someone.else@example.org", password=None)
    with TestCase.captureOnCommitCallbacks(execute=True):
        enrolment = completed(Page.objects.get(pk=issued.home_id).specific, user=other)
    second = Certificate.objects.get(enrolment_id=enrolment.pk)

    first_recipient = fetch_json(client, assertion_iri(certificate))["recipient"]
    second_recipient = fetch_json(client, assertion_iri(second))["recipient"]

    assert first_recipient["salt"] != second_recipient["salt"]
    assert second_recipient["identity"] == (
        "sha256$"
        + hashlib.sha256(
            ("someone.else@example.org" + second_recipient["salt"]).encode()
        ).hexdigest()
    )


def test_a_certificate_without_an_end_never_expires(client, certificate):
    assert certificate.valid_until is None

    assertion = fetch_json(client, assertion_iri(certificate))

    assert "expires" not in assertion


def test_a_certificate_with_an_end_expires(client, certificate):
    last_day = timezone.localdate() + timedelta(days=730)
    set_valid_until(certificate, last_day)

    assertion = fetch_json(client, assertion_iri(certificate))

    validate(assertion, ASSERTION_SCHEMA)
    assert "expires" in assertion
    expires = datetime.fromisoformat(assertion["expires"])
    assert expires > datetime.fromisoformat(assertion["issuedOn"])


def test_the_badge_expires_when_the_verification_page_says_expired(client, certificate):
    """A backpack and the verification page agree: the badge is valid through the last valid
    day and expired from the moment the page starts saying "expired"."""
    last_day = timezone.localdate() + timedelta(days=30)
    set_valid_until(certificate, last_day)
    certificate.refresh_from_db()

    expires = datetime.fromisoformat(fetch_json(client, assertion_iri(certificate))["expires"])

    def page_status(instant: datetime) -> str:
        # The verification page judges by the site's local date at that instant.
        return selectors.status_of(certificate, today=timezone.localtime(instant).date())

    assert page_status(expires) == "valid"
    assert page_status(expires + timedelta(seconds=1)) == "expired"


def test_a_revoked_assertion_answers_410_gone(client, certificate):
    actor = UserFactory(is_staff=True, is_superuser=True, password=None)
    certificate_revoke(certificate_id=certificate.pk, actor=actor, reason=REASON)

    response = fetch(client, assertion_iri(certificate), expected_status=410)

    assert response["Content-Type"] == JSON_LD
    body = response.json()
    validate(body, REVOKED_SCHEMA)
    assert body["revoked"] is True
    assert body["revocationReason"] == REASON
    assert EMAIL not in response.content.decode()


@pytest.mark.parametrize("code", ["ABCDEFGHJKLMNPQR", "nope"])
def test_an_unknown_assertion_is_not_found(client, certificate, code):
    response = client.get(url("badge_assertion", code))

    assert response.status_code == 404


# --- Following the links ---------------------------------------------------------------


def test_the_assertion_links_to_its_badge_class_and_issuer(client, certificate):
    assertion = fetch_json(client, assertion_iri(certificate))

    badge_class = fetch_json(client, assertion["badge"])
    validate(badge_class, BADGE_CLASS_SCHEMA)
    assert badge_class["id"] == assertion["badge"]
    assert badge_class["name"] == COURSE

    issuer = fetch_json(client, badge_class["issuer"])
    validate(issuer, ISSUER_SCHEMA)
    assert issuer["id"] == badge_class["issuer"]


def test_the_assertion_is_hosted_on_the_issuers_origin(client, certificate):
    """Hosted verification: a verifier trusts an assertion whose id shares the origin of the
    issuer profile's id (the default when the profile names no other origins)."""
    assertion = fetch_json(client, assertion_iri(certificate))
    issuer = fetch_json(client, fetch_json(client, assertion["badge"])["issuer"])

    def origin(iri: str) -> tuple[str, str]:
        parts = urlsplit(iri)
        return parts.scheme, parts.netloc

    assert origin(assertion["id"]) == origin(issuer["id"]) == origin(SITE_URL)


def test_the_badge_class_is_served_at_its_id(client, certificate):
    iri = SITE_URL + url("badge_class", certificate.course_id)

    badge_class = fetch_json(client, iri)

    validate(badge_class, BADGE_CLASS_SCHEMA)
    assert badge_class["id"] == iri


def test_the_issuer_is_served_at_its_id(client, issued):
    iri = SITE_URL + url("badge_issuer")

    issuer = fetch_json(client, iri)

    validate(issuer, ISSUER_SCHEMA)
    assert issuer["id"] == iri
    assert issuer["url"].startswith(SITE_URL)


def test_the_badge_image_is_an_svg(client, certificate):
    badge_class = fetch_json(client, SITE_URL + url("badge_class", certificate.course_id))
    image = badge_class["image"]
    image_iri = image["id"] if isinstance(image, dict) else image

    response = fetch(client, image_iri)

    assert response["Content-Type"].startswith("image/svg+xml")
    root = svg_root(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_badge_image_stays_well_formed_whatever_the_title(client, issued):
    course = builders.course(
        Page.objects.get(pk=issued.home_id).specific,
        lessons=1,
        title='Охрана труда & "безопасность" <на выезде> — l\'essentiel',
    )

    response = client.get(url("badge_image", course.pk))

    assert response.status_code == 200
    root = svg_root(response.content)  # raises on a stray "&" or "<"
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    badge_class = client.get(url("badge_class", course.pk)).json()
    validate(badge_class, BADGE_CLASS_SCHEMA)
    assert badge_class["name"] == course.title


@pytest.mark.parametrize("name", ["badge_class", "badge_image"])
def test_an_unknown_course_has_no_badge(client, issued, name):
    response = client.get(url(name, 999_999))

    assert response.status_code == 404


def test_ids_do_not_change_with_the_visitors_language(client, certificate):
    """A badge imported from the Kazakh site keeps the same stable ids."""
    unprefixed = fetch_json(client, assertion_iri(certificate))

    response = client.get(url("badge_assertion", certificate.code, language="kk"))
    kazakh = response.json()
    by_browser = client.get(
        url("badge_assertion", certificate.code), HTTP_ACCEPT_LANGUAGE="kk"
    ).json()

    assert url("badge_assertion", certificate.code, language="kk").startswith("/kk/")
    for document in (kazakh, by_browser):
        assert document["id"] == unprefixed["id"] == assertion_iri(certificate)
        assert document["badge"] == unprefixed["badge"]
        assert "/kk/" not in document["badge"]
    badge_class = client.get(url("badge_class", certificate.course_id, language="kk")).json()
    assert badge_class["id"] == SITE_URL + url("badge_class", certificate.course_id)
    assert badge_class["issuer"] == SITE_URL + url("badge_issuer")


@pytest.mark.parametrize("name", ["badge_issuer", "badge_class", "badge_assertion"])
def test_json_documents_are_json_ld(client, certificate, name):
    args = {
        "badge_issuer": (),
        "badge_class": (certificate.course_id,),
        "badge_assertion": (certificate.code,),
    }[name]

    response = client.get(url(name, *args))

    assert response.status_code == 200
    assert response["Content-Type"] == JSON_LD
    assert response.json()["@context"] == CONTEXT
