"""A coordinator enrols a list of people from a CSV file: preview, per-row errors, all or none."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from courses import services
from courses.imports import parse_enrolment_csv
from courses.models import Cohort, Enrolment, TrainerProfile
from lms.accounts.models import Membership
from tests.courses import builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(site_tree):
    course = builders.course(site_tree.home["ru"], lessons=1)
    return Cohort.objects.create(
        course=course,
        title="Карелия, зима",
        region=RegionFactory(code="RU-KR", country="RU"),
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
        capacity=10,
    )


@pytest.fixture
def coordinator(cohort):
    organisation = OrganisationFactory(region=cohort.region)
    return MembershipFactory(organisation=organisation, role=Membership.Role.COORDINATOR).user


def _csv(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(lines).encode(encoding)


# --- reading the file --------------------------------------------------------------------


def test_reads_utf8_with_bom_and_excel_cp1251_with_semicolons():
    good = parse_enrolment_csv(_csv("email,full_name", "Anna@Example.org,Анна Иванова"))
    assert [(r.email, r.full_name, r.error) for r in good.rows] == [
        ("anna@example.org", "Анна Иванова", "")
    ]
    excel = parse_enrolment_csv(
        _csv("ФИО;Почта", "Ерлан Сапаров;erlan@example.org", encoding="cp1251")
    )
    assert [(r.email, r.full_name) for r in excel.rows] == [("erlan@example.org", "Ерлан Сапаров")]


def test_bad_rows_are_named_by_line():
    parsed = parse_enrolment_csv(
        _csv("email", "ok@example.org", "not-an-address", "", "OK@example.org")
    )
    assert [(r.line, bool(r.error)) for r in parsed.rows] == [(2, False), (3, True), (5, True)]
    assert "not-an-address" in parsed.rows[1].error
    assert "2" in parsed.rows[2].error  # the same address is already on line 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (_csv("name", "Анна"), "“email”"),
        (b"\x00\x01\x02PK", "not a CSV"),
        (_csv("email"), "There are no people in the file."),
        (b"email\n" + b"a@example.org\n" * 600_000, "larger than 1 MB"),
    ],
)
def test_unreadable_files_get_one_clear_error(data, message):
    with translation.override("en"):
        parsed = parse_enrolment_csv(data)
    assert message in parsed.error
    assert not parsed.ok


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_rows_or_an_error(data):
    parsed = parse_enrolment_csv(data)
    assert parsed.error or parsed.rows
    for row in parsed.rows:
        assert row.error or "@" in row.email


# --- preview and import ------------------------------------------------------------------


def _upload(client, cohort, data: bytes):
    return client.post(
        f"/learning/cohorts/{cohort.pk}/",
        {"file": SimpleUploadedFile("list.csv", data, "text/csv")},
    )


def test_coordinator_previews_then_enrols_everyone(client, cohort, coordinator):
    people = [UserFactory(email=f"p{n}@example.org") for n in range(3)]
    client.force_login(coordinator)
    response = _upload(client, cohort, _csv("email", *[p.email for p in people]))
    assert response.status_code == 200
    assert response.context["preview"].ok
    assert Enrolment.objects.count() == 0  # a preview changes nothing
    assert "Записать 3 человек" in response.content.decode()  # Записать 3 человек(а)

    response = client.post(f"/learning/cohorts/{cohort.pk}/", {"confirm": "1"}, follow=True)
    assert "Записано 3 человека." in response.content.decode()
    enrolments = Enrolment.objects.filter(cohort=cohort)
    assert {e.user for e in enrolments} == set(people)
    assert {e.source for e in enrolments} == {"coordinator"}


def test_one_bad_row_enrols_nobody(client, cohort, coordinator):
    UserFactory(email="known@example.org")
    already = UserFactory(email="already@example.org")
    services.enrolment_create(user=already, course=cohort.course)
    client.force_login(coordinator)
    data = _csv("email", "known@example.org", "stranger@example.org", "already@example.org", "oops")
    response = _upload(client, cohort, data)
    preview = response.context["preview"]
    assert not preview.ok
    errors = {row.email: row.error for row in preview.rows}
    assert errors["known@example.org"] == ""
    assert "зарегистрироваться" in errors["stranger@example.org"]
    assert "Уже записан" in errors["already@example.org"]
    assert "oops" in errors["oops"]
    body = response.content.decode()
    assert "Никто не записан" in body and 'name="confirm"' not in body

    # Confirming without a checked list, or calling the service, changes nothing either.
    client.post(f"/learning/cohorts/{cohort.pk}/", {"confirm": "1"})
    with pytest.raises(services.CourseError):
        services.enrolments_import(actor=coordinator, cohort=cohort, data=data)
    assert Enrolment.objects.filter(cohort=cohort).count() == 0


def test_a_list_longer_than_the_places_left_is_refused(client, cohort, coordinator):
    cohort.capacity = 2
    cohort.save()
    people = [UserFactory() for _ in range(3)]
    client.force_login(coordinator)
    response = _upload(client, cohort, _csv("email", *[p.email for p in people]))
    assert "осталось мест: 2" in response.context["preview"].error
    assert Enrolment.objects.count() == 0


def test_who_may_manage_a_cohort(client, cohort, coordinator):
    url = f"/learning/cohorts/{cohort.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to sign in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403  # a learner
    elsewhere = MembershipFactory(role=Membership.Role.PROGRAMME_COORDINATOR).user
    client.force_login(elsewhere)
    assert client.get(url).status_code == 403  # another region's coordinator
    assert _upload(client, cohort, _csv("email", "a@example.org")).status_code == 403
    mentor = MembershipFactory(
        role=Membership.Role.MENTOR, organisation=OrganisationFactory(region=cohort.region)
    ).user
    client.force_login(mentor)
    assert client.get(url).status_code == 403  # a role that does not manage cohorts
    with pytest.raises(services.CourseError):
        services.enrolments_import(actor=mentor, cohort=cohort, data=b"email\na@example.org")
    trainer = UserFactory()
    cohort.trainers.add(trainer)
    client.force_login(trainer)
    assert client.get(url).status_code == 403  # named, but not a certified trainer
    profile = TrainerProfile.objects.create(user=trainer, certified_at=timezone.now())
    assert client.get(url).status_code == 200  # the cohort's certified trainer
    TrainerProfile.objects.filter(pk=profile.pk).update(suspended_at=timezone.now())
    assert client.get(url).status_code == 403  # suspended
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    listing = client.get("/learning/cohorts/")
    assert [c.pk for c in listing.context["cohorts_page"]] == [cohort.pk]
    client.force_login(elsewhere)
    assert list(client.get("/learning/cohorts/").context["cohorts_page"]) == []


def test_cohort_pages_queries_do_not_grow(client, cohort, coordinator):
    client.force_login(coordinator)
    for _ in range(3):
        services.enrolment_create(user=UserFactory(), course=cohort.course, cohort=cohort)
    small = (
        queries_for(client, f"/learning/cohorts/{cohort.pk}/"),
        queries_for(client, "/learning/cohorts/"),
    )
    cohort.capacity = None
    cohort.save()
    for _ in range(60):
        services.enrolment_create(user=UserFactory(), course=cohort.course, cohort=cohort)
    for n in range(30):
        Cohort.objects.create(
            course=cohort.course,
            title=f"Поток {n}",
            region=cohort.region,
            starts_on=cohort.starts_on,
            ends_on=cohort.ends_on,
        )
    large = (
        queries_for(client, f"/learning/cohorts/{cohort.pk}/"),
        queries_for(client, "/learning/cohorts/"),
    )
    assert large == small
