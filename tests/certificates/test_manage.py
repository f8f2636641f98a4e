"""Coordinators revoke and re-issue with an audit trail; cohorts' certificates as a ZIP; the
learner's dashboard lists their certificates."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import services, tasks
from certificates.models import Certificate, CertificateArchive, CertificateEvent
from courses.models import Cohort, Enrolment
from tests.certificates.helpers import completed, pdf_text
from tests.courses import builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="KZ-AKM")


@pytest.fixture
def cohort(site_tree, region):
    course = builders.course(site_tree.home["ru"], lessons=1, title="Школа координатора")
    return Cohort.objects.create(
        course=course,
        title="Поток Акмолинская",
        region=region,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def _certificate_in(cohort, *, user=None) -> Certificate:
    user = user or UserFactory(full_name="Ерлан Серікұлы")
    enrolment = Enrolment.objects.create(
        user=user, course=cohort.course, cohort=cohort, source="self", completed_at=timezone.now()
    )
    tasks.issue_certificate(enrolment.pk)
    return Certificate.objects.get(enrolment_id=enrolment.pk)


@pytest.fixture
def certificate(cohort):
    return _certificate_in(cohort)


def _coordinator(region):
    return MembershipFactory(
        organisation=OrganisationFactory(region=region), role="coordinator"
    ).user


# --- Who may manage -------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["anonymous", "learner", "other_coordinator", "editor", "cohort_trainer"]
)
def test_others_may_not_manage_certificates(client, certificate, who):
    detail = reverse("certificates:manage_detail", args=[certificate.pk])
    archive = reverse("certificates:cohort_archive", args=[certificate.cohort_id])
    if who != "anonymous":
        user = {
            "learner": lambda: certificate.user,
            "other_coordinator": lambda: _coordinator(RegionFactory(code="KZ-ALA")),
            "editor": lambda: UserFactory(is_staff=True),
            "cohort_trainer": lambda: _cohort_trainer(certificate),
        }[who]()
        client.force_login(user)
    for url in (reverse("certificates:manage"), detail, archive):
        response = client.get(url)
        if who in ("other_coordinator", "cohort_trainer") and url == reverse("certificates:manage"):
            # A coordinator has the list, without the certificates of other regions.
            assert certificate.serial not in response.content.decode()
            continue
        assert response.status_code in (302, 403)
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
    response = client.post(detail, {"action": "revoke", "revoke-reason": "Ошибка"})
    assert response.status_code in (302, 403)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def _cohort_trainer(certificate):
    """A certified trainer of the certificate's cohort: teaches it, does not revoke."""
    from courses.models import Cohort, TrainerProfile

    user = UserFactory()
    TrainerProfile.objects.create(user=user, certified_at=timezone.now())
    Cohort.objects.get(pk=certificate.cohort_id).trainers.add(user)
    return user


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_coordinator_and_admin_manage(client, certificate, cohort, region, who):
    user = {
        "coordinator": lambda: _coordinator(region),
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[who]()
    client.force_login(user)
    listing = client.get(reverse("certificates:manage"))
    assert listing.status_code == 200 and certificate.serial in listing.content.decode()
    detail = client.get(reverse("certificates:manage_detail", args=[certificate.pk]))
    assert detail.status_code == 200 and "Ерлан Серікұлы" in detail.content.decode()
    assert client.get(reverse("certificates:cohort_archive", args=[cohort.pk])).status_code == 200


def test_coordinator_list_shows_only_their_cohorts(client, certificate, region, site_tree):
    other_region = RegionFactory(code="KZ-ALA")
    course = builders.course(site_tree.home["ru"], lessons=1)
    elsewhere = Cohort.objects.create(
        course=course,
        title="Алматы",
        region=other_region,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    hidden = _certificate_in(elsewhere, user=UserFactory(full_name="Скрытый Человек"))
    client.force_login(_coordinator(region))
    page = client.get(reverse("certificates:manage")).content.decode()
    assert certificate.serial in page and hidden.serial not in page
    found = client.get(reverse("certificates:manage"), {"q": certificate.serial.lower()})
    assert certificate.serial in found.content.decode()
    assert client.get(reverse("certificates:manage_detail", args=[hidden.pk])).status_code == 403


# --- Revoke and re-issue ----------------------------------------------------------------


def test_revoke_needs_a_reason_and_is_recorded(client, certificate, region):
    coordinator = _coordinator(region)
    client.force_login(coordinator)
    url = reverse("certificates:manage_detail", args=[certificate.pk])
    response = client.post(url, {"action": "revoke", "revoke-reason": "   "})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED

    response = client.post(url, {"action": "revoke", "revoke-reason": "Выдан по ошибке"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Выдан по ошибке" and certificate.revoked_at
    event = certificate.events.get(action=CertificateEvent.Action.REVOKED)
    assert event.actor == coordinator and event.reason == "Выдан по ошибке"
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate_id=certificate.pk, actor=coordinator, reason="x")


def test_reissue_keeps_the_serial_with_a_new_revision(
    client, certificate, region, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = _coordinator(region)
    client.force_login(coordinator)
    old_hash, old_code, old_pdf = certificate.sha256, certificate.code, certificate.pdf.read()
    url = reverse("certificates:manage_detail", args=[certificate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "reissue",
                "reissue-recipient_name": "  Ерлан   Серікұлы Нұрланов ",
                "reissue-reason": "Исправлена фамилия",
            },
        )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revision == 2 and certificate.code == old_code
    assert certificate.recipient_name == "Ерлан Серікұлы Нұрланов"
    assert certificate.sha256 and certificate.sha256 != old_hash
    assert "Ерлан Серікұлы Нұрланов" in pdf_text(certificate.pdf.read())
    old = certificate.revisions.get()
    assert old.revision == 1 and old.sha256 == old_hash
    assert old.pdf.read() == old_pdf  # the earlier file is kept, unchanged
    assert old.snapshot["recipient_name"] == "Ерлан Серікұлы"
    event = certificate.events.get(action=CertificateEvent.Action.REISSUED)
    assert event.actor == coordinator and event.reason == "Исправлена фамилия"
    assert len(mailoutbox) == 2  # the first issue and the re-issue

    page = client.get(reverse("certificates:verify_code", args=[certificate.code])).content
    assert old_hash in page.decode() and certificate.sha256 in page.decode()


def test_reissue_makes_a_revoked_certificate_valid_again(certificate, region):
    coordinator = _coordinator(region)
    services.certificate_revoke(certificate_id=certificate.pk, actor=coordinator, reason="Имя")
    services.certificate_reissue(
        certificate_id=certificate.pk, actor=coordinator, reason="Исправлено"
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED and not certificate.revoked_reason
    assert certificate.revision == 2


# --- Cohort archive ----------------------------------------------------------------------


def test_cohort_zip_is_prepared_for_its_requester_only(
    client, cohort, region, django_capture_on_commit_callbacks
):
    first = _certificate_in(cohort, user=UserFactory(full_name="Первый Ученик"))
    second = _certificate_in(cohort, user=UserFactory(full_name="Второй Ученик"))
    revoked = _certificate_in(cohort, user=UserFactory(full_name="Третий Ученик"))
    services.certificate_revoke(certificate_id=revoked.pk, actor=None, reason="Ошибка")
    coordinator = _coordinator(region)
    client.force_login(coordinator)
    url = reverse("certificates:cohort_archive", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    archive = CertificateArchive.objects.get()
    assert archive.status == CertificateArchive.Status.READY and archive.count == 2
    page = client.get(url).content.decode()
    download = reverse("certificates:archive_download", args=[archive.pk])
    assert download in page

    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = bundle.namelist()
    assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
    assert {first.serial, second.serial} == {name.split("_", 1)[0] for name in names}
    for name in names:
        assert bundle.read(name).startswith(b"%PDF")

    client.force_login(_coordinator(region))  # another coordinator of the same region
    assert client.get(download).status_code == 403
    assert download not in client.get(url).content.decode()


def test_cohort_page_links_the_archive_for_managers_only(client, cohort, region):
    cohort_url = reverse("courses:cohort", args=[cohort.pk])
    archive_url = reverse("certificates:cohort_archive", args=[cohort.pk])
    client.force_login(_coordinator(region))
    assert archive_url in client.get(cohort_url).content.decode()


# --- The learner's dashboard ------------------------------------------------------------


def test_dashboard_lists_certificates_with_download_and_share(
    client, site_tree, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = completed(site_tree.home["ru"], user=user)
    certificate = Certificate.objects.get(enrolment_id=enrolment.pk)
    client.force_login(user)
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert certificate.serial in page
    assert reverse("certificates:pdf", args=[certificate.code]) in page
    assert reverse("certificates:verify_code", args=[certificate.code]) in page
    pdf = client.get(reverse("certificates:pdf", args=[certificate.code]) + "?download")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == certificate.pdf.read()
    assert "attachment" in pdf["Content-Disposition"]


def test_dashboard_without_certificates_says_so(client):
    client.force_login(UserFactory())
    page = client.get(reverse("courses:dashboard"))
    assert page.status_code == 200
    assert 'id="certificates-title"' in page.content.decode()


def _seed_certificates(user, start: int, count: int) -> None:
    year = timezone.localdate().year
    Certificate.objects.bulk_create(
        Certificate(
            serial=f"ВД-{year}-{900000 + n:06d}",
            year=year,
            number=900000 + n,
            code=f"SEED{n:012d}",
            enrolment_id=800000 + n,
            course_id=1,
            user=user,
            recipient_name=user.full_name,
            course_title=f"Курс {n}",
            hours=2,
            completed_on=timezone.localdate(),
            issuer_name="Вектор",
            language="ru",
            sha256="0" * 64,
            pdf="certificates/x.pdf",
        )
        for n in range(start, start + count)
    )


def test_dashboard_and_manage_list_queries_do_not_grow_with_certificates(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    _seed_certificates(admin, 0, 10)
    dashboard, listing = reverse("courses:dashboard"), reverse("certificates:manage")
    small = queries_for(client, dashboard), queries_for(client, listing)
    _seed_certificates(admin, 10, 990)
    assert (queries_for(client, dashboard), queries_for(client, listing)) == small


def test_no_name_never_prints_the_email(client, cohort):
    certificate = _certificate_in(
        cohort, user=UserFactory(full_name="", email="hidden@example.org")
    )
    assert certificate.recipient_name == "—"
    assert "hidden" not in pdf_text(certificate.pdf.read())
