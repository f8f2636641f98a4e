"""The pages: "My hours" with its form and exports, the supervisors' list, who is refused."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from pypdf import PdfReader

from lms.accounts.models import Membership
from lms.hours.models import HoursEntry
from tests.factories import OrganisationFactory, RegionFactory, UserFactory
from tests.hours.factories import HoursEntryFactory, supervisor_of
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
KAZAKH_DESCRIPTION = "Қарттар үйінде көмек: әңгіме, серуен, өлең оқу"


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


# --- Who may open what -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/hours/", "/hours/export.csv", "/hours/book.pdf", "/hours/confirm/", "/kk/hours/"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_cannot_decide_or_see_evidence(client):
    entry = HoursEntryFactory(evidence=SimpleUploadedFile("a.png", PNG))
    for response in (
        client.post(f"/hours/confirm/{entry.pk}/", {"action": "confirm"}),
        client.get(f"/hours/{entry.pk}/evidence/"),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    entry.refresh_from_db()
    assert entry.status == "submitted"


@pytest.mark.parametrize("role", [None, Membership.Role.MENTOR, Membership.Role.TRAINER])
def test_people_who_confirm_nowhere_get_403(client, role):
    entry = HoursEntryFactory()
    person = UserFactory()
    if role:
        Membership.objects.create(user=person, organisation=entry.organisation, role=role)
    client.force_login(person)
    assert client.get("/hours/confirm/").status_code == 403
    assert client.post(f"/hours/confirm/{entry.pk}/", {"action": "confirm"}).status_code == 403
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_a_supervisor_elsewhere_cannot_decide(client):
    entry = HoursEntryFactory()
    client.force_login(supervisor_of(OrganisationFactory()))
    response = client.post(f"/hours/confirm/{entry.pk}/", {"action": "reject", "reason": "Нет"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.status == "submitted"
    assert client.post("/hours/confirm/987654/", {"action": "confirm"}).status_code == 404


def test_a_person_sees_and_exports_only_their_own_entries(client):
    mine = HoursEntryFactory(description="Моя смена", status="confirmed")
    theirs = HoursEntryFactory(
        description="Чужая смена",
        status="confirmed",
        evidence=SimpleUploadedFile("b.png", PNG),
    )
    client.force_login(mine.user)
    page = client.get("/hours/").content.decode()
    assert "Моя смена" in page and "Чужая смена" not in page
    assert "Чужая смена" not in client.get("/hours/export.csv").content.decode("utf-8-sig")
    assert "Чужая смена" not in _pdf_text(client.get("/hours/book.pdf").content)
    assert client.get(f"/hours/{theirs.pk}/evidence/").status_code == 404
    # Query parameters cannot name another person.
    page = client.get(f"/hours/?user={theirs.user_id}&user_id={theirs.user_id}").content.decode()
    assert "Чужая смена" not in page


def test_evidence_is_seen_by_its_person_and_the_organisations_supervisor(client):
    entry = HoursEntryFactory(evidence=SimpleUploadedFile("photo.png", PNG))
    assert "photo" not in entry.evidence.name  # stored under a random name
    for viewer, status in [
        (entry.user, 200),
        (supervisor_of(entry.organisation), 200),
        (supervisor_of(OrganisationFactory()), 404),
        (UserFactory(), 404),
    ]:
        client.force_login(viewer)
        response = client.get(f"/hours/{entry.pk}/evidence/")
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content) == PNG


# --- My hours ----------------------------------------------------------------------------


def test_my_hours_shows_totals_entries_and_reasons(client):
    person = UserFactory()
    organisation = OrganisationFactory(name="Центр «Жарқын»")
    HoursEntryFactory(user=person, organisation=organisation, minutes=90, status="confirmed")
    HoursEntryFactory(
        user=person,
        organisation=organisation,
        minutes=100,
        status="rejected",
        rejection_reason="Смена не состоялась",
        date=datetime.date(2025, 5, 1),
    )
    client.force_login(person)
    response = client.get("/hours/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Центр «Жарқын»" in page
    assert "Смена не состоялась" in page
    assert "1,5" in page and "1,7" in page  # hours, one decimal, the Russian way
    assert 'href="/hours/export.csv"' in page and 'href="/hours/book.pdf"' in page
    assert response.context["totals"].confirmed == 90
    assert response.context["years"] == [2026, 2025]
    # In English the decimal point is a point; in Kazakh it is a comma.
    assert "1.5" in client.get("/en/hours/").content.decode()
    kazakh = client.get("/kk/hours/").content.decode()
    assert '<html lang="kk">' in kazakh and "1,5" in kazakh
    # One year.
    response = client.get("/hours/?year=2025")
    assert [e.minutes for e in response.context["entries_page"]] == [100]
    assert response.context["totals"].confirmed == 0
    assert 'href="/hours/export.csv?year=2025"' in response.content.decode()
    # A year that is not a year is ignored.
    for bad in ("abc", "²", "-1", "99999", "2025.0"):
        assert client.get("/hours/", {"year": bad}).context["year"] is None


def test_my_hours_is_empty_at_first(client):
    client.force_login(UserFactory())
    response = client.get("/hours/")
    assert response.status_code == 200
    assert response.context["entries_page"].paginator.count == 0
    assert 'class="empty"' in response.content.decode()


def test_my_hours_are_paginated_newest_first(client):
    person = UserFactory()
    start = datetime.date(2026, 1, 1)
    for day in range(30):
        HoursEntryFactory(user=person, date=start + datetime.timedelta(days=day))
    client.force_login(person)
    first = client.get("/hours/").context["entries_page"]
    assert len(first) == 25 and first[0].date == datetime.date(2026, 1, 30)
    second = client.get("/hours/?page=2").context["entries_page"]
    assert len(second) == 5 and second[-1].date == start


def _form(place, **overrides) -> dict:
    return {
        "organisation": place.pk,
        "date": _yesterday().isoformat(),
        "hours": "2",
        "minutes": "30",
        "source": "practice",
        "description": "Помогала в столовой",
        **overrides,
    }


def test_logging_hours_with_evidence(client):
    person, organisation = UserFactory(), OrganisationFactory()
    client.force_login(person)
    evidence = SimpleUploadedFile("смена.png", PNG, content_type="image/png")
    response = client.post("/hours/", {**_form(organisation), "evidence": evidence})
    assert response.status_code == 302 and response["Location"] == "/hours/"
    entry = HoursEntry.objects.get(user=person)
    assert (entry.minutes, entry.status, entry.organisation) == (150, "submitted", organisation)
    assert entry.evidence.name.endswith(".png")
    with entry.evidence.open("rb") as handle:
        assert handle.read() == PNG
    assert client.get("/hours/").context["totals"].submitted == 150


def test_the_form_offers_active_organisations_by_region(client):
    karelia = RegionFactory(code="RU-KR", country="RU", name_ru="Республика Карелия")
    active = OrganisationFactory(name="Действующий центр", region=karelia)
    OrganisationFactory(name="Закрытый центр", region=karelia, is_active=False)
    client.force_login(UserFactory())
    page = client.get("/hours/").content.decode()
    assert '<optgroup label="Республика Карелия">' in page
    assert "Действующий центр" in page and "Закрытый центр" not in page
    assert f'value="{active.pk}"' in page


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("date", {"date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}),
        ("date", {"date": "31.02.2026"}),
        ("hours", {"hours": "0", "minutes": "0"}),
        ("hours", {"hours": "", "minutes": ""}),
        ("hours", {"hours": "24", "minutes": "30"}),
        ("hours", {"hours": "-1"}),
        ("minutes", {"minutes": "60"}),
        ("description", {"description": "   "}),
        ("organisation", {"organisation": "987654"}),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(client, field, overrides):
    client.force_login(UserFactory())
    response = client.post("/hours/", _form(OrganisationFactory(), **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'role="alert"' in response.content.decode()
    assert HoursEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ" + b"\x00" * 32),
        ("photo.png", b"%PDF-1.4 not a png"),  # renamed
        ("doc.pdf", b"<html>not a pdf</html>"),
        ("big.jpg", b"\xff\xd8\xff" + b"\x00" * (10 * 1024 * 1024)),
    ],
)
def test_evidence_must_be_a_photo_or_a_document_of_at_most_10_mb(client, name, content):
    client.force_login(UserFactory())
    evidence = SimpleUploadedFile(name, content)
    response = client.post("/hours/", {**_form(OrganisationFactory()), "evidence": evidence})
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    assert HoursEntry.objects.count() == 0


# --- Exports -----------------------------------------------------------------------------


def _rows(response, delimiter: str) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_export(client):
    person = UserFactory()
    organisation = OrganisationFactory(name="Фонд «Қамқор Алматы»")
    old = HoursEntryFactory(
        user=person,
        organisation=organisation,
        date=datetime.date(2025, 4, 2),
        minutes=90,
        status="rejected",
        rejection_reason="Дата не та; см. журнал",
        description=KAZAKH_DESCRIPTION,
    )
    new = HoursEntryFactory(
        user=person,
        organisation=None,
        date=datetime.date(2026, 2, 3),
        minutes=45,
        status="confirmed",
        description='=HYPERLINK("http://evil")',
        source="webinar",
    )
    client.force_login(person)
    response = client.get("/hours/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response, ";")
    assert len(rows) == 3 and len(rows[0]) == 7
    with translation.override("ru"):
        assert rows[1] == [
            "2026-02-03",
            "",
            "0,8",
            new.get_source_display(),
            new.get_status_display(),
            '\'=HYPERLINK("http://evil")',  # never a formula
            "",
        ]
        assert rows[2] == [
            "2025-04-02",
            "Фонд «Қамқор Алматы»",
            "1,5",
            old.get_source_display(),
            old.get_status_display(),
            KAZAKH_DESCRIPTION,
            "Дата не та; см. журнал",
        ]
    # In English: commas and decimal points; one year only.
    rows = _rows(client.get("/en/hours/export.csv?year=2025"), ",")
    assert [row[:3] for row in rows[1:]] == [["2025-04-02", "Фонд «Қамқор Алматы»", "1.5"]]


def test_volunteer_book_pdf(client):
    person = UserFactory(full_name="Әсел Төлеген")
    organisation = OrganisationFactory(name="Центр поддержки волонтёров «Жарқын»")
    supervisor = supervisor_of(organisation, full_name="Ольга Иванова")
    HoursEntryFactory(
        user=person,
        organisation=organisation,
        minutes=150,
        status="confirmed",
        decided_by=supervisor,
        decided_at=timezone.now(),
        description=KAZAKH_DESCRIPTION,
    )
    HoursEntryFactory(user=person, organisation=organisation, description="Ещё не подтверждено")
    client.force_login(person)
    response = client.get("/hours/book.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(_pdf_text(response.content).split())
    assert "Әсел Төлеген" in text
    assert "Жарқын" in text
    assert "Қарттар үйінде көмек" in text
    assert "Ольга Иванова" in text
    assert "2,5" in text
    assert "Ещё не подтверждено" not in text  # only confirmed hours are in the book
    fonts = _pdf_fonts(response.content)
    assert fonts and all(font.startswith(("Vektor-Serif", "Vektor-Sans")) for font in fonts)
    # An empty book still renders.
    client.force_login(UserFactory())
    assert client.get("/hours/book.pdf?year=2020").content.startswith(b"%PDF")


# --- Supervisors -------------------------------------------------------------------------


def test_supervisor_confirms_and_rejects_on_the_page(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    organisation = OrganisationFactory()
    supervisor = supervisor_of(organisation)
    first = HoursEntryFactory(organisation=organisation, description="Первая смена")
    second = HoursEntryFactory(organisation=organisation, description="Вторая смена")
    own = HoursEntryFactory(organisation=organisation, user=supervisor, description="Моя смена")
    elsewhere = HoursEntryFactory(description="Смена в другом месте")
    client.force_login(supervisor)
    page = client.get("/hours/confirm/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count("<h1") == 1
    assert "Первая смена" in html and "Вторая смена" in html
    assert "Моя смена" not in html and "Смена в другом месте" not in html
    assert html.count("csrfmiddlewaretoken") >= 4 + 1  # two forms per entry, and sign-out
    assert f'for="reason-{first.pk}"' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/hours/confirm/{first.pk}/", {"action": "confirm"})
    assert response.status_code == 302 and response["Location"] == "/hours/confirm/"
    # Rejecting without a reason is explained and changes nothing.
    response = client.post(f"/hours/confirm/{second.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "submitted"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/hours/confirm/{second.pk}/",
            {"action": "reject", "reason": "Не было в графике", "page": "2"},
        )
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.decided_by) == ("confirmed", supervisor)
    assert (second.status, second.rejection_reason) == ("rejected", "Не было в графике")
    assert len(mailoutbox) == 2
    # A second click on a decided entry is explained, not an error page.
    response = client.post(f"/hours/confirm/{first.pk}/", {"action": "reject", "reason": "x"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "confirmed"
    # Their own entry is refused even when posted directly.
    assert client.post(f"/hours/confirm/{own.pk}/", {"action": "confirm"}).status_code == 403
    assert client.post(f"/hours/confirm/{elsewhere.pk}/", {"action": "confirm"}).status_code == 403
    assert client.get(f"/hours/confirm/{first.pk}/").status_code == 405
    html = client.get("/hours/confirm/").content.decode()
    assert "Первая смена" not in html and "Вторая смена" not in html


def test_navigation_links(client):
    learner = UserFactory()
    client.force_login(learner)
    page = client.get("/hours/").content.decode()
    assert 'href="/hours/"' in page and 'href="/hours/confirm/"' not in page
    client.force_login(supervisor_of(OrganisationFactory(), Membership.Role.COORDINATOR))
    assert 'href="/hours/confirm/"' in client.get("/hours/").content.decode()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert 'href="/hours/confirm/"' in client.get("/hours/").content.decode()
    client.logout()
    assert 'href="/hours/"' not in client.get("/search/").content.decode()


# --- Queries do not grow with the data ---------------------------------------------------


def test_my_hours_queries_do_not_grow(client):
    person = UserFactory()
    organisation = OrganisationFactory()
    supervisor_of(organisation)
    for day in range(3):
        HoursEntryFactory(
            user=person, organisation=organisation, date=datetime.date(2026, 1, day + 1)
        )
    client.force_login(person)
    small = queries_for(client, "/hours/"), queries_for(client, "/hours/?year=2026")
    for n in range(60):
        HoursEntryFactory(
            user=person,
            organisation=OrganisationFactory() if n % 3 else organisation,
            date=datetime.date(2010 + n % 15, 1 + n % 12, 1),
            status=("submitted", "confirmed", "rejected")[n % 3],
            rejection_reason="Нет" if n % 3 == 2 else "",
            evidence=SimpleUploadedFile("e.png", PNG) if n % 5 == 0 else "",
        )
    HoursEntryFactory.create_batch(20)  # other people's
    large = queries_for(client, "/hours/"), queries_for(client, "/hours/?year=2026")
    assert large == small
    assert queries_for(client, "/hours/?page=3") == small[0]


def test_confirm_page_queries_do_not_grow(client):
    organisation = OrganisationFactory()
    supervisor = supervisor_of(organisation)
    HoursEntryFactory.create_batch(2, organisation=organisation)
    client.force_login(supervisor)
    small = queries_for(client, "/hours/confirm/")
    for n in range(60):
        HoursEntryFactory(
            organisation=organisation,
            evidence=SimpleUploadedFile("e.png", PNG) if n % 4 == 0 else "",
        )
    HoursEntryFactory.create_batch(10)  # at other organisations
    assert queries_for(client, "/hours/confirm/") == small
    assert queries_for(client, "/hours/confirm/?page=2") == small
