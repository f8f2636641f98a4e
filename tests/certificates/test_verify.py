"""The public verification pages: by code (the QR link) and by serial (typed from paper), the
short link in the QR code, and the shared PDF.

The pages are checked through their markup, not their wording: the verdict's
``data-status``, ``<html lang>``, links and the certificate's own data."""

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import formats, timezone, translation

from certificates.models import Certificate
from certificates.services import certificate_revoke
from lms.accounts.models import User
from tests.certificates.helpers import completed
from tests.factories import RegionFactory, UserFactory
from tests.sitetree import build_site

pytestmark = pytest.mark.django_db

NAME = "Айгерім Сәрсенқызы Жұмабаева"
INITIALS = "А. С. Ж."
EMAIL = "aigerim.learner@example.org"
COURSE = "Первая помощь при чрезвычайных ситуациях"
REGION = "Туркестанская область"
REASON = "Выдан по ошибке: итоговый тест не засчитан"

VERDICT_RE = re.compile(r"<section\b[^>]*\bdata-status=\"([a-z]+)\"[^>]*>(.*?)</section>", re.S)
HTML_LANG_RE = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")


# --- Fixtures and helpers ------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    media: Path
    certificate_id: int
    learner_id: int


@pytest.fixture(scope="module")
def issued(django_db_setup, django_db_blocker, tmp_path_factory):
    """One certificate with its PDF for the whole module: building the site and rendering
    take a second, the pages under test milliseconds. It lives in a transaction that is
    rolled back when the module ends; each test runs in a savepoint inside it, so what a
    test changes (revoking, expiry) is undone after it."""
    media = tmp_path_factory.mktemp("media")
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MEDIA_ROOT=media, STORAGES=storages):
            site = build_site()
            learner = UserFactory(
                full_name=NAME,
                email=EMAIL,
                preferred_language="ru",
                region=RegionFactory(name_ru=REGION, name_kk=REGION, name_en=REGION),
                password=None,
            )
            # The completion queues issuing on commit: run those callbacks now.
            with TestCase.captureOnCommitCallbacks(execute=True):
                enrolment = completed(site.home["ru"], user=learner, title=COURSE)
            certificate = Certificate.objects.get(enrolment_id=enrolment.pk)
            assert certificate.sha256, "the PDF is rendered"
        yield Issued(media=media, certificate_id=certificate.pk, learner_id=learner.pk)
        transaction.set_rollback(True)


@pytest.fixture
def certificate(issued, settings) -> Certificate:
    settings.MEDIA_ROOT = issued.media  # where the shared PDF is stored
    return Certificate.objects.get(pk=issued.certificate_id)


@pytest.fixture
def learner(issued):
    return User.objects.get(pk=issued.learner_id)


def html(response) -> str:
    return response.content.decode()


def verdict(response) -> tuple[str | None, str]:
    """The verdict section's status and inner HTML (``None``, "" without a verdict)."""
    found = VERDICT_RE.findall(html(response))
    assert len(found) <= 1, "at most one verdict"
    return found[0] if found else (None, "")


def html_lang(response) -> str:
    match = HTML_LANG_RE.search(html(response))
    assert match, "the page declares its language"
    return match[1]


def pdf_bytes(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def code_url(code: str, language: str = "ru") -> str:
    with translation.override(language):
        return reverse("certificates:verify_code", args=[code])


def serial_url(language: str = "ru") -> str:
    with translation.override(language):
        return reverse("certificates:verify")


def set_valid_until(certificate: Certificate, day) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=day)


def revoke(certificate: Certificate) -> Certificate:
    actor = UserFactory(is_staff=True, is_superuser=True, password=None)  # no slow hashing
    certificate_revoke(certificate_id=certificate.pk, actor=actor, reason=REASON)
    return Certificate.objects.get(pk=certificate.pk)


# --- A valid certificate -------------------------------------------------------------


def test_code_lookup_shows_a_valid_certificate_in_full(client, certificate):
    response = client.get(code_url(certificate.code))

    assert response.status_code == 200
    status, section = verdict(response)
    assert status == "valid"
    assert NAME in section
    assert COURSE in section
    assert certificate.serial in section


def test_the_page_shows_the_sha256_of_the_pdf_being_served(client, certificate):
    digest = hashlib.sha256(pdf_bytes(certificate)).hexdigest()

    by_code = client.get(code_url(certificate.code))
    by_serial = client.get(serial_url(), {"serial": certificate.serial})

    assert digest in verdict(by_code)[1]
    assert digest in verdict(by_serial)[1]


def test_a_code_typed_in_lower_case_is_found(client, certificate):
    response = client.get(code_url(certificate.code.lower()))

    assert response.status_code == 200
    assert verdict(response)[0] == "valid"


def test_serial_lookup_shows_initials_only(client, certificate):
    response = client.get(serial_url(), {"serial": certificate.serial})

    assert response.status_code == 200
    status, section = verdict(response)
    assert status == "valid"
    assert certificate.serial in section
    assert COURSE in section
    assert INITIALS in section
    page = html(response)
    for part in NAME.split():
        assert part not in page
    # The code opens the full name and the PDF: a guessed serial must not lead to it.
    assert certificate.code not in page
    assert certificate.code.lower() not in page


@pytest.mark.parametrize(
    "typed",
    [
        "{prefix}-{year}-{number:06d}",
        "vd {year} {number}",
        "вд–{year}–{number}",
        "  VD-{year}-{number:06d}  ",
    ],
)
def test_serial_lookup_forgives_how_the_number_is_typed(client, certificate, typed):
    serial = typed.format(prefix="ВД", year=certificate.year, number=certificate.number)

    response = client.get(serial_url(), {"serial": serial})

    status, section = verdict(response)
    assert status == "valid"
    assert certificate.serial in section


# --- Expired, revoked, unknown -------------------------------------------------------


@pytest.mark.parametrize("lookup", ["code", "serial"])
def test_a_certificate_past_its_validity_is_expired(client, certificate, lookup):
    set_valid_until(certificate, timezone.localdate() - timedelta(days=1))

    response = (
        client.get(code_url(certificate.code))
        if lookup == "code"
        else client.get(serial_url(), {"serial": certificate.serial})
    )

    assert response.status_code == 200
    status, section = verdict(response)
    assert status == "expired"
    assert certificate.serial in section


def test_a_certificate_is_valid_through_its_last_day(client, certificate):
    set_valid_until(certificate, timezone.localdate())

    assert verdict(client.get(code_url(certificate.code)))[0] == "valid"


def test_a_certificate_valid_until_a_future_day_is_valid(client, certificate):
    set_valid_until(certificate, timezone.localdate() + timedelta(days=365))

    response = client.get(code_url(certificate.code))

    assert verdict(response)[0] == "valid"
    with translation.override("ru"):
        shown = formats.date_format(timezone.localdate() + timedelta(days=365), "DATE_FORMAT")
    assert shown in verdict(response)[1]


@pytest.mark.parametrize("lookup", ["code", "serial"])
def test_a_revoked_certificate_shows_why_and_when(client, certificate, lookup):
    revoked = revoke(certificate)

    response = (
        client.get(code_url(certificate.code))
        if lookup == "code"
        else client.get(serial_url(), {"serial": certificate.serial})
    )

    assert response.status_code == 200
    status, section = verdict(response)
    assert status == "revoked"
    assert REASON in section
    with translation.override("ru"):
        revoked_on = formats.date_format(timezone.localtime(revoked.revoked_at), "DATE_FORMAT")
    assert revoked_on in section


def test_revoking_wins_over_expiry(client, certificate):
    set_valid_until(certificate, timezone.localdate() - timedelta(days=30))
    revoke(certificate)

    assert verdict(client.get(code_url(certificate.code)))[0] == "revoked"


def test_a_revoked_certificate_offers_no_pdf(client, certificate):
    revoke(certificate)
    with translation.override("ru"):
        pdf_url = reverse("certificates:pdf", args=[certificate.code])

    response = client.get(code_url(certificate.code))

    assert pdf_url not in html(response)
    assert client.get(pdf_url).status_code == 404


@pytest.mark.parametrize(
    "code",
    [
        "ABCDEFGHJKLMNPQR",  # well formed, never issued
        "abcdefghjklmnpqr",
        "X",
        "Z" * 40,
        "ВД-2026-000001",  # a serial is not a code
    ],
)
def test_an_unknown_code_is_not_found(client, certificate, code):
    response = client.get(code_url(code))

    assert response.status_code == 404
    assert verdict(response)[0] in (None, "unknown")
    assert NAME not in html(response)
    assert COURSE not in html(response)


def test_a_well_formed_unknown_serial_is_unknown(client, certificate):
    unknown = f"ВД-{certificate.year}-{certificate.number + 1:06d}"

    response = client.get(serial_url(), {"serial": unknown})

    assert response.status_code == 200
    status, section = verdict(response)
    assert status == "unknown"
    assert certificate.serial not in section
    assert NAME not in html(response)


def test_a_serial_of_another_year_is_unknown(client, certificate):
    other_year = certificate.year - 1
    response = client.get(serial_url(), {"serial": f"ВД-{other_year}-{certificate.number:06d}"})

    assert verdict(response)[0] == "unknown"


@pytest.mark.parametrize(
    "typed", ["", "hello", "АБ-2026-000001", "ВД-2026-000000", "<script>alert(1)</script>"]
)
def test_something_that_is_not_a_serial_gets_no_verdict(client, certificate, typed):
    response = client.get(serial_url(), {"serial": typed})

    assert response.status_code == 200
    assert verdict(response)[0] is None
    assert "<script>alert(1)</script>" not in html(response)


def test_the_empty_form_gets_no_verdict(client, issued):
    response = client.get(serial_url())

    assert response.status_code == 200
    assert verdict(response)[0] is None
    assert 'name="serial"' in html(response)


# --- Language -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_code_page_is_in_the_language_of_its_address(client, certificate, language):
    response = client.get(code_url(certificate.code, language))

    assert response.status_code == 200
    assert html_lang(response) == language
    assert verdict(response)[0] == "valid"
    # Its own links stay in that language: the look-up form and the PDF.
    assert f'action="{serial_url(language)}"' in html(response)
    with translation.override(language):
        assert reverse("certificates:pdf", args=[certificate.code]) in html(response)


def test_kazakh_addresses_are_prefixed_and_russian_ones_are_not(certificate):
    assert code_url(certificate.code, "kk") == f"/kk/verify/{certificate.code}/"
    assert code_url(certificate.code, "ru") == f"/verify/{certificate.code}/"


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_serial_page_is_in_the_language_of_its_address(client, certificate, language):
    response = client.get(serial_url(language), {"serial": certificate.serial})

    assert html_lang(response) == language
    assert verdict(response)[0] == "valid"


def test_an_unprefixed_page_is_russian_whatever_the_browser_asks(client, certificate):
    response = client.get(code_url(certificate.code), HTTP_ACCEPT_LANGUAGE="kk")

    assert html_lang(response) == "ru"


# --- Nothing leaks --------------------------------------------------------------------


@pytest.mark.parametrize("state", ["valid", "expired", "revoked"])
def test_verify_pages_show_only_what_the_certificate_says(client, certificate, learner, state):
    if state == "expired":
        set_valid_until(certificate, timezone.localdate() - timedelta(days=1))
    elif state == "revoked":
        revoke(certificate)

    pages = [
        client.get(code_url(certificate.code)),
        client.get(code_url(certificate.code, "kk")),
        client.get(serial_url(), {"serial": certificate.serial}),
        client.get(serial_url("en"), {"serial": certificate.serial}),
    ]

    for response in pages:
        assert verdict(response)[0] == state
        page = html(response)
        for private in (learner.email, learner.email.split("@")[0], REGION):
            assert private not in page
        assert certificate.recipient_salt not in page
        assert certificate.recipient_hash.split("$")[-1] not in page


def test_verify_pages_are_not_indexed(client, certificate):
    response = client.get(code_url(certificate.code))

    assert re.search(r"<meta name=\"robots\" content=\"[^\"]*noindex", html(response))


# --- Rate limit of serial look-ups ----------------------------------------------------


def test_serial_lookups_are_limited_to_30_per_address(client, certificate):
    for _attempt in range(30):
        response = client.get(serial_url(), {"serial": certificate.serial})
        assert response.status_code == 200
        assert verdict(response)[0] == "valid"

    response = client.get(serial_url(), {"serial": certificate.serial})

    assert response.status_code == 429
    assert verdict(response)[0] is None
    assert certificate.serial not in verdict(response)[1]
    # Malformed and unknown serials count as well and are refused just the same.
    assert client.get(serial_url(), {"serial": "nonsense"}).status_code == 429
    assert client.get(serial_url("kk"), {"serial": "ВД-2999-999999"}).status_code == 429


def test_the_limit_is_per_address(client, certificate):
    for _attempt in range(31):
        client.get(serial_url(), {"serial": certificate.serial}, REMOTE_ADDR="203.0.113.7")

    response = client.get(serial_url(), {"serial": certificate.serial}, REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 200
    assert verdict(response)[0] == "valid"


def test_the_limit_lifts_after_ten_minutes(client, certificate, monkeypatch, settings):
    # The local-memory cache, whose clock can be moved without touching anything else (the
    # database driver reads time.time too).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _attempt in range(31):
        client.get(serial_url(), {"serial": certificate.serial})
    assert client.get(serial_url(), {"serial": certificate.serial}).status_code == 429

    from django.core.cache.backends import locmem

    later = time.time() + 10 * 60 + 1
    monkeypatch.setattr(locmem.time, "time", lambda: later)

    response = client.get(serial_url(), {"serial": certificate.serial})
    assert response.status_code == 200
    assert verdict(response)[0] == "valid"


def test_code_lookups_do_not_use_up_the_serial_limit(client, certificate):
    for _attempt in range(31):
        assert client.get(code_url(certificate.code)).status_code == 200

    response = client.get(serial_url(), {"serial": certificate.serial})

    assert response.status_code == 200


# --- The shared PDF ---------------------------------------------------------------------


def test_the_pdf_is_served_for_a_valid_code(client, certificate):
    with translation.override("ru"):
        url = reverse("certificates:pdf", args=[certificate.code])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Reading the stream to its end closes the file; closing the response by hand would send
    # request_finished, which closes the database connection the module's transaction holds.
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert hashlib.sha256(body).hexdigest() == certificate.sha256


@pytest.mark.parametrize("code", ["ABCDEFGHJKLMNPQR", "nope"])
def test_no_pdf_for_an_unknown_code(client, certificate, code):
    with translation.override("ru"):
        url = reverse("certificates:pdf", args=[code])

    assert client.get(url).status_code == 404


# --- The short link in the QR code ----------------------------------------------------


def short_url(code: str) -> str:
    with translation.override("ru"):
        return reverse("certificates:short", args=[code])


def test_the_short_link_is_unprefixed(certificate):
    assert short_url(certificate.code) == f"/v/{certificate.code}/"


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("kk", "kk"),
        ("kk-KZ,kk;q=0.9,ru;q=0.8", "kk"),
        ("en-GB,en;q=0.9", "en"),
        ("ru-RU,ru;q=0.9", "ru"),
        ("de-DE,de;q=0.9", "ru"),  # a language we do not have: the default
        (None, "ru"),
    ],
)
def test_the_short_link_opens_the_page_in_the_browsers_language(
    client, certificate, accept, language
):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}

    response = client.get(short_url(certificate.code), **headers)

    assert response.status_code == 302
    assert response["Location"] == code_url(certificate.code, language)
    assert "Accept-Language" in response.get("Vary", ""), "caches keep languages apart"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert html_lang(page) == language
    assert verdict(page)[0] == "valid"


@pytest.mark.parametrize("preferred", ["ru", "kk", "en"])
def test_the_short_link_follows_the_signed_in_users_language(client, certificate, preferred):
    visitor = UserFactory(preferred_language=preferred, password=None)
    client.force_login(visitor)
    browser = "en" if preferred != "en" else "kk"

    response = client.get(short_url(certificate.code), HTTP_ACCEPT_LANGUAGE=browser)

    assert response.status_code == 302
    assert response["Location"] == code_url(certificate.code, preferred)
    assert html_lang(client.get(response["Location"])) == preferred


def test_the_short_link_of_an_unknown_code_ends_in_not_found(client, issued):
    response = client.get(short_url("ABCDEFGHJKLMNPQR"), follow=True)

    assert response.status_code == 404
