"""Social-credit vouchers on the site: public verification (by code and by serial), the
files for the people entitled to them, the coordinators' and universities' list with its
exports and "mark paid", the student's panels, the admin."""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from certificates import exports, services
from certificates.models import Voucher
from tests.certificates.vouchers import NAME, coordinator_of, earn, officer_of, seed, student
from tests.factories import UserFactory
from tests.queries import queries_for
from tests.socialcredit.factories import ProgrammeFactory, UniversityFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
VERDICT_RE = re.compile(r"<section\b[^>]*\bdata-kind=\"voucher\"[^>]*>(.*?)</section>", re.S)


@dataclass
class World:
    placement: object
    voucher: Voucher
    coordinator: object
    officer: object

    @property
    def student(self):
        return self.placement.participation.user

    @property
    def programme(self):
        return self.placement.participation.programme

    @property
    def university(self):
        return self.placement.participation.university


@pytest.fixture
def world(django_capture_on_commit_callbacks) -> World:
    """A student whose 20 confirmed hours earned a voucher, their programme's coordinator and
    their university's officer."""
    placement = student()
    with django_capture_on_commit_callbacks(execute=True):
        earn(placement, 20)
    programme = placement.participation.programme
    return World(
        placement=placement,
        voucher=Voucher.objects.get(),
        coordinator=coordinator_of(programme),
        officer=officer_of(placement.participation.university),
    )


def _someone(world: World, who: str):
    """A person in a role that must be refused."""
    if who == "other_student":
        return student(programme=world.programme).participation.user
    if who == "supervisor":
        return world.placement.supervisor
    if who == "other_university_officer":
        return officer_of(UniversityFactory())
    if who == "other_programme_coordinator":
        return coordinator_of(ProgrammeFactory())
    if who == "editor":
        return UserFactory(is_staff=True, groups=["Editors"])
    raise AssertionError(who)


REFUSED = [
    "other_student",
    "supervisor",
    "other_university_officer",
    "other_programme_coordinator",
    "editor",
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- Public verification ---------------------------------------------------------------------


def test_the_qr_link_shows_the_whole_voucher(client, world):
    voucher = world.voucher
    short = client.get(f"/v/{voucher.code}/")
    assert short.status_code == 302
    assert short["Location"] == reverse("certificates:verify_code", args=[voucher.code])
    page = client.get(short["Location"])
    assert page.status_code == 200
    verdict = VERDICT_RE.search(page.content.decode()).group(1)
    assert NAME in verdict
    assert world.placement.participation.student_id in verdict
    assert voucher.serial in verdict
    assert world.university.name in verdict and world.programme.title in verdict
    assert "20\xa0000 KZT" in verdict
    assert world.placement.host.name in verdict
    assert 'data-voucher-status="issued"' in verdict
    assert voucher.sha256 in verdict and voucher.statement_sha256 in verdict


def test_a_typed_serial_finds_the_voucher_with_initials_only(client, world):
    for typed in (world.voucher.serial, f"sk {YEAR} 1", f"ск-{YEAR}-000001"):
        page = client.get(reverse("certificates:verify"), {"serial": typed})
        assert page.status_code == 200, typed
        verdict = VERDICT_RE.search(page.content.decode()).group(1)
        assert "А. С. Ж." in verdict and NAME not in verdict
        assert world.placement.participation.student_id not in verdict
        assert world.voucher.serial in verdict
        # Numbers run in sequence: a typed one tells no money, hours, places or payment.
        assert "KZT" not in verdict and "data-amount" not in verdict
        assert world.placement.host.name not in verdict and world.university.name not in verdict
        assert "data-voucher-status" not in verdict


def test_a_voucher_number_is_never_taken_for_a_certificate(
    client, world, site_tree, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate
    from tests.certificates.helpers import completed

    with django_capture_on_commit_callbacks(execute=True):
        completed(site_tree.home["ru"])
        completed(site_tree.home["ru"])
    assert sorted(Certificate.objects.values_list("serial", flat=True)) == [
        f"ВД-{YEAR}-000001",
        f"ВД-{YEAR}-000002",
    ]
    url = reverse("certificates:verify")
    voucher = client.get(url, {"serial": f"SK-{YEAR}-1"}).content.decode()
    assert 'data-kind="voucher"' in voucher and world.voucher.serial in voucher
    certificate = client.get(url, {"serial": f"VD-{YEAR}-1"}).content.decode()
    assert 'data-kind="voucher"' not in certificate and f"ВД-{YEAR}-000001" in certificate
    unknown = client.get(url, {"serial": f"СК-{YEAR}-000002"}).content.decode()
    assert 'data-status="unknown"' in unknown and f"ВД-{YEAR}-000002" not in unknown
    # Nor in the coordinators' certificate search.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    search = client.get(reverse("certificates:manage"), {"q": f"СК-{YEAR}-000001"})
    assert f"ВД-{YEAR}-000001" not in search.content.decode()


def test_verification_shows_when_the_voucher_was_paid(client, world):
    services.voucher_mark_paid(voucher_id=world.voucher.pk, actor=world.coordinator)
    page = client.get(reverse("certificates:verify_code", args=[world.voucher.code]))
    assert 'data-voucher-status="paid"' in page.content.decode()


def test_an_unknown_code_is_not_found(client, world):
    page = client.get(reverse("certificates:verify_code", args=["NOSUCHCODE234567"]))
    assert page.status_code == 404


# --- The files -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["student", "coordinator", "admin"])
def test_the_student_the_coordinator_and_admins_get_both_files(client, world, who):
    user = {
        "student": world.student,
        "coordinator": world.coordinator,
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }[who]
    client.force_login(user)
    voucher = world.voucher
    pdf = client.get(reverse("certificates:voucher_pdf", args=[voucher.code]) + "?download")
    assert pdf.status_code == 200 and "attachment" in pdf["Content-Disposition"]
    assert _body(pdf) == voucher.pdf.read()
    assert pdf["X-Content-SHA256"] == voucher.sha256
    statement = client.get(reverse("certificates:voucher_statement", args=[voucher.code]))
    assert statement.status_code == 200
    assert _body(statement) == voucher.statement_pdf.read()


def test_the_university_gets_the_statement_not_the_voucher(client, world):
    client.force_login(world.officer)
    voucher = world.voucher
    statement = client.get(reverse("certificates:voucher_statement", args=[voucher.code]))
    assert statement.status_code == 200 and _body(statement) == voucher.statement_pdf.read()
    assert client.get(reverse("certificates:voucher_pdf", args=[voucher.code])).status_code == 403


@pytest.mark.parametrize("who", REFUSED)
def test_others_get_neither_file(client, world, who):
    client.force_login(_someone(world, who))
    code = world.voucher.code
    assert client.get(reverse("certificates:voucher_pdf", args=[code])).status_code == 403
    assert client.get(reverse("certificates:voucher_statement", args=[code])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for url in (
        reverse("certificates:voucher_pdf", args=[world.voucher.code]),
        reverse("certificates:voucher_statement", args=[world.voucher.code]),
        reverse("certificates:vouchers"),
        reverse("certificates:vouchers_csv"),
        reverse("certificates:vouchers_xlsx"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    response = client.post(reverse("certificates:voucher_paid", args=[world.voucher.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_file_not_rendered_yet_says_so(client, world):
    Voucher.objects.filter(pk=world.voucher.pk).update(statement_sha256="")
    client.force_login(world.student)
    response = client.get(reverse("certificates:voucher_statement", args=[world.voucher.code]))
    assert response.status_code == 503
    assert world.voucher.serial in response.content.decode()


# --- The list: coordinators and universities ---------------------------------------------------


def _listed(response) -> set[str]:
    assert response.status_code == 200
    return set(re.findall(r'data-voucher="([^"]+)"', response.content.decode()))


def test_coordinators_see_their_programmes_vouchers_only(client, world):
    elsewhere = student(programme=ProgrammeFactory())
    seed(elsewhere, 1)
    client.force_login(world.coordinator)
    assert _listed(client.get(reverse("certificates:vouchers"))) == {world.voucher.serial}
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert _listed(client.get(reverse("certificates:vouchers"))) == {
        world.voucher.serial,
        f"СК-{YEAR}-900000",
    }


def test_a_university_sees_its_own_students_only(client, world):
    # A student of another university in the same programme.
    classmate = student(programme=world.programme, university=UniversityFactory())
    seed(classmate, 2)
    client.force_login(world.officer)
    page = client.get(reverse("certificates:vouchers"))
    assert _listed(page) == {world.voucher.serial}
    assert classmate.participation.university.name not in page.content.decode()
    # No "mark paid" for a university.
    assert reverse("certificates:voucher_paid", args=[world.voucher.pk]) not in (
        page.content.decode()
    )
    csv = client.get(reverse("certificates:vouchers_csv")).content.decode("utf-8-sig")
    assert world.voucher.serial in csv and f"СК-{YEAR}-900000" not in csv
    # Filtering by the other university shows nothing, not its students.
    other = classmate.participation.university_id
    assert _listed(client.get(reverse("certificates:vouchers"), {"university": other})) == {
        world.voucher.serial
    }


@pytest.mark.parametrize("who", ["student", "supervisor"])
def test_students_and_supervisors_have_no_list(client, world, who):
    client.force_login(world.student if who == "student" else world.placement.supervisor)
    for name in ("vouchers", "vouchers_csv", "vouchers_xlsx"):
        assert client.get(reverse(f"certificates:{name}")).status_code == 403


def test_filters_and_search(client, world):
    second = student(programme=world.programme, name="Ерлан Серікұлы")
    seed(second, 1, status=Voucher.Status.PAID, paid_at=timezone.now())
    other_programme = student(programme=ProgrammeFactory(organisation=world.programme.organisation))
    seed(other_programme, 1, start=5)
    client.force_login(world.coordinator)
    url = reverse("certificates:vouchers")
    everything = {world.voucher.serial, f"СК-{YEAR}-900000", f"СК-{YEAR}-900005"}
    assert _listed(client.get(url)) == everything
    assert _listed(client.get(url, {"status": "paid"})) == {f"СК-{YEAR}-900000"}
    assert _listed(client.get(url, {"status": "issued"})) == everything - {f"СК-{YEAR}-900000"}
    assert _listed(client.get(url, {"programme": world.programme.pk})) == {
        world.voucher.serial,
        f"СК-{YEAR}-900000",
    }
    assert _listed(client.get(url, {"q": " Ерлан  "})) == {f"СК-{YEAR}-900000"}
    assert _listed(client.get(url, {"q": f"sk-{YEAR}-1"})) == {world.voucher.serial}
    assert _listed(client.get(url, {"q": world.placement.participation.student_id})) == {
        world.voucher.serial
    }
    assert _listed(client.get(url, {"university": second.participation.university_id})) == {
        f"СК-{YEAR}-900000"
    }
    # Nonsense filters are ignored, never an error page.
    assert _listed(client.get(url, {"programme": "x", "status": "stolen"})) == everything


def test_totals_per_currency_follow_the_filters(client, world):
    rub = student(
        programme=ProgrammeFactory(organisation=world.programme.organisation, currency="RUB")
    )
    seed(rub, 3)  # 1000 + 1001 + 1002 RUB
    client.force_login(world.coordinator)
    page = client.get(reverse("certificates:vouchers")).content.decode()
    totals = dict(
        re.findall(r'data-currency="([A-Z]{3})">\s*<dt>[^<]*</dt>\s*<dd>([^<]+)</dd>', page)
    )
    assert totals == {"KZT": "20\xa0000 KZT", "RUB": "3\xa0003 RUB"}
    page = client.get(reverse("certificates:vouchers"), {"programme": world.programme.pk})
    assert 'data-currency="RUB"' not in page.content.decode()


def test_long_lists_are_paged(client, world):
    seed(world.placement, 30)
    client.force_login(world.coordinator)
    first = _listed(client.get(reverse("certificates:vouchers")))
    second = _listed(client.get(reverse("certificates:vouchers"), {"page": 2}))
    assert len(first) == 25 and len(second) == 6 and not first & second


# --- Marking paid ------------------------------------------------------------------------------


def test_the_coordinator_marks_a_voucher_paid_once(client, world):
    client.force_login(world.coordinator)
    url = reverse("certificates:voucher_paid", args=[world.voucher.pk])
    listing = reverse("certificates:vouchers") + "?status=issued"
    assert url in client.get(listing).content.decode()
    response = client.post(url, {"next": listing})
    assert response.status_code == 302 and response["Location"] == listing
    voucher = Voucher.objects.get()
    assert voucher.status == Voucher.Status.PAID and voucher.paid_by == world.coordinator
    paid_at = voucher.paid_at

    again = client.post(url, {"next": "https://evil.example/"}, follow=True)
    assert again.redirect_chain[-1][0] == reverse("certificates:vouchers")
    assert voucher.serial in again.content.decode()  # "… is already marked paid."
    voucher.refresh_from_db()
    assert voucher.paid_at == paid_at


@pytest.mark.parametrize("who", [*REFUSED, "student", "university_officer"])
def test_only_the_programmes_coordinators_mark_paid(client, world, who):
    user = {"student": world.student, "university_officer": world.officer}.get(who) or _someone(
        world, who
    )
    client.force_login(user)
    response = client.post(reverse("certificates:voucher_paid", args=[world.voucher.pk]))
    assert response.status_code == 403
    assert Voucher.objects.get().status == Voucher.Status.ISSUED
    with pytest.raises(services.VoucherError) as refused:
        services.voucher_mark_paid(voucher_id=world.voucher.pk, actor=user)
    assert refused.value.code in {"not_coordinator", "own"}


def test_mark_paid_refusals_are_clear(world):
    with pytest.raises(services.VoucherError) as own:
        services.voucher_mark_paid(voucher_id=world.voucher.pk, actor=world.student)
    assert own.value.code == "own"
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.voucher_mark_paid(voucher_id=world.voucher.pk, actor=admin)
    with pytest.raises(services.VoucherError) as paid:
        services.voucher_mark_paid(voucher_id=world.voucher.pk, actor=world.coordinator)
    assert paid.value.code == "already_paid" and world.voucher.serial in paid.value.message
    with pytest.raises(services.VoucherError) as missing:
        services.voucher_mark_paid(voucher_id=999_999, actor=admin)
    assert missing.value.code == "not_found"


def test_mark_paid_needs_a_post(client, world):
    client.force_login(world.coordinator)
    url = reverse("certificates:voucher_paid", args=[world.voucher.pk])
    assert client.get(url).status_code == 405


# --- Exports -----------------------------------------------------------------------------------


def test_csv_export_is_the_filtered_list_in_utf8_with_bom(client, world):
    seed(student(programme=world.programme, name='=HYPERLINK("http://x")'), 1)
    client.force_login(world.coordinator)
    response = client.get(reverse("certificates:vouchers_csv"), {"q": world.voucher.serial})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    with translation.override("ru"):
        assert rows[0] == exports.headers()
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert rows[1][0] == world.voucher.serial
    with translation.override("ru"):
        student_column, amount_column = (
            translation.gettext("Student"),
            translation.gettext("Amount"),
        )
    assert row[student_column] == NAME
    assert row[amount_column] == "20000,00"  # a number in the reader's format, no grouping
    everything = client.get(reverse("certificates:vouchers_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in everything  # never a formula


def test_xlsx_export_opens_with_the_expected_rows(client, world):
    paid = student(programme=world.programme, name='=HYPERLINK("http://x")')
    seed(paid, 1, status=Voucher.Status.PAID, paid_at=timezone.now())
    client.force_login(world.coordinator)
    response = client.get(reverse("certificates:vouchers_xlsx"))
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert 'filename="vouchers-' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    with translation.override("ru"):
        assert list(rows[0]) == exports.headers()
    assert len(rows) == 3
    by_serial = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    with translation.override("ru"):
        column = {
            name: translation.gettext(name)
            for name in (
                "Student",
                "Student ID",
                "Amount",
                "Currency",
                "Academic credits",
                "Tier, h",
                "Host organisations",
                "Status",
                "Period from",
                "University",
            )
        }
    first = by_serial[world.voucher.serial]
    assert first[column["Student"]] == NAME
    assert first[column["Student ID"]] == world.placement.participation.student_id
    assert first[column["University"]] == world.university.name
    assert first[column["Amount"]] == 20000 and first[column["Currency"]] == "KZT"
    assert first[column["Academic credits"]] == 2 and first[column["Tier, h"]] == 20
    assert first[column["Host organisations"]] == world.placement.host.name
    assert first[column["Period from"]].date() == world.programme.starts_on
    other = by_serial[f"СК-{YEAR}-900000"]
    assert other[column["Student"]] == '=HYPERLINK("http://x")'  # text, not a formula
    assert other[column["Amount"]] == Decimal(1000)
    with translation.override("ru"):
        assert other[column["Status"]] == str(Voucher.Status.PAID.label)
        assert first[column["Status"]] == str(Voucher.Status.ISSUED.label)
    # The export follows the filters.
    filtered = client.get(reverse("certificates:vouchers_xlsx"), {"status": "paid"})
    rows = list(openpyxl.load_workbook(io.BytesIO(filtered.content)).active.values)
    assert [row[0] for row in rows[1:]] == [f"СК-{YEAR}-900000"]


# --- Query counts ------------------------------------------------------------------------------


def _export_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["coordinator", "officer"])
def test_list_and_exports_queries_do_not_grow_with_vouchers(client, world, who):
    client.force_login(getattr(world, who))
    urls = [reverse(f"certificates:{name}") for name in ("vouchers_csv", "vouchers_xlsx")]
    seed(world.placement, 3)
    small = (
        queries_for(client, reverse("certificates:vouchers")),
        *(_export_queries(client, url) for url in urls),
    )
    seed(world.placement, 60, start=3)
    large = (
        queries_for(client, reverse("certificates:vouchers")),
        *(_export_queries(client, url) for url in urls),
    )
    assert large == small


def test_dashboard_queries_do_not_grow_with_vouchers(client, world):
    client.force_login(world.student)
    seed(world.placement, 2)
    small = queries_for(client, reverse("courses:dashboard"))
    seed(world.placement, 40, start=2)
    assert queries_for(client, reverse("courses:dashboard")) == small


# --- The student's panels ----------------------------------------------------------------------


def test_the_dashboard_lists_the_students_vouchers_with_their_files(client, world):
    client.force_login(world.student)
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="dashboard-vouchers-title"' in page
    assert world.voucher.serial in page
    assert reverse("certificates:voucher_pdf", args=[world.voucher.code]) in page
    assert reverse("certificates:voucher_statement", args=[world.voucher.code]) in page


def test_the_dashboard_has_no_voucher_panel_without_vouchers(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("courses:dashboard"))
    assert page.status_code == 200
    assert 'id="dashboard-vouchers-title"' not in page.content.decode()


def test_the_social_credit_page_shows_the_students_vouchers(client, world):
    client.force_login(world.student)
    page = client.get(reverse("socialcredit:index")).content.decode()
    assert 'id="vouchers-title"' in page
    assert world.voucher.serial in page
    assert reverse("certificates:voucher_pdf", args=[world.voucher.code]) in page
    assert reverse("certificates:voucher_statement", args=[world.voucher.code]) in page
    # Nobody else's vouchers: another student sees the section, empty.
    client.force_login(_someone(world, "other_student"))
    page = client.get(reverse("socialcredit:index")).content.decode()
    assert 'id="vouchers-title"' in page and world.voucher.serial not in page


def test_the_slot_provider_answers_for_the_signed_in_student_only(rf, world):
    from django.contrib.auth.models import AnonymousUser

    from lms import extensions

    request = rf.get("/")
    request.user = world.student
    (panel,) = extensions.collect("social_credit_student", request)
    assert panel.template == "certificates/voucher_panel.html"
    assert [v.pk for v in panel.context["vouchers"]] == [world.voucher.pk]
    request.user = AnonymousUser()
    assert extensions.collect("social_credit_student", request) == []


# --- The admin ---------------------------------------------------------------------------------


def test_admins_inspect_vouchers_read_only(client, world):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("wagtailsnippets_certificates_voucher:list"))
    assert listing.status_code == 200 and world.voucher.serial in listing.content.decode()
    filtered = client.get(reverse("wagtailsnippets_certificates_voucher:list"), {"status": "paid"})
    assert world.voucher.serial not in filtered.content.decode()
    inspect = client.get(
        reverse("wagtailsnippets_certificates_voucher:inspect", args=[world.voucher.pk])
    )
    assert inspect.status_code == 200 and NAME in inspect.content.decode()
    for action, args in (("add", []), ("edit", [world.voucher.pk]), ("delete", [world.voucher.pk])):
        response = client.get(reverse(f"wagtailsnippets_certificates_voucher:{action}", args=args))
        assert response.status_code in (302, 403), action
        if response.status_code == 302:
            assert "/admin/" in response["Location"]
    assert Voucher.objects.filter(pk=world.voucher.pk).exists()


def test_the_social_credit_page_links_to_the_vouchers_for_those_who_have_a_list(client):
    programme = ProgrammeFactory()
    university = UniversityFactory()
    for person, expected in [
        (coordinator_of(programme), True),
        (officer_of(university), True),
        (UserFactory(), False),
    ]:
        client.force_login(person)
        page = client.get("/social-credit/").content.decode()
        assert ('href="/vouchers/"' in page) is expected, person
