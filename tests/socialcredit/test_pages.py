"""The social-credit pages: what each person sees and may do, and what they are refused."""

import datetime

import pytest
from django.core import mail

from lms.accounts.models import Membership
from lms.hours.models import HoursEntry
from lms.socialcredit.models import Participation, Placement
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.queries import queries_for
from tests.socialcredit.factories import (
    ProgrammeFactory,
    UniversityFactory,
    confirmed_shift,
    log_shift,
    placed_student,
    supervisor_at,
)

pytestmark = pytest.mark.django_db


def open_programme():
    programme = ProgrammeFactory()
    host, university = OrganisationFactory(), UniversityFactory()
    programme.hosts.add(host)
    programme.universities.add(university)
    programme.save()
    return programme, host, university


def placement_url(placement) -> str:
    return f"/social-credit/placements/{placement.pk}/"


# --- Who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/social-credit/",
        "/social-credit/apply/?programme=1",
        "/social-credit/placements/1/",
        "/social-credit/host/",
        "/social-credit/university/",
        "/social-credit/university/students.csv",
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_placement_is_seen_by_the_student_the_host_and_the_programme_coordinators(client):
    placement = placed_student()
    programme = placement.participation.programme
    coordinator = MembershipFactory(
        organisation=programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR
    ).user
    host_coordinator = supervisor_at(placement.host, role=Membership.Role.COORDINATOR)
    for person in (
        placement.participation.user,
        placement.supervisor,
        host_coordinator,
        coordinator,
    ):
        client.force_login(person)
        assert client.get(placement_url(placement)).status_code == 200, person


@pytest.mark.parametrize(
    "who",
    [
        "other student",
        "supervisor elsewhere",
        "university officer",
        "coordinator elsewhere",
        "mentor",
    ],
)
def test_others_do_not_see_a_placement(client, who):
    placement = placed_student()
    people = {
        "other student": lambda: placed_student().participation.user,
        "supervisor elsewhere": lambda: supervisor_at(OrganisationFactory()),
        "university officer": lambda: (
            MembershipFactory(
                organisation=placement.participation.university, role=Membership.Role.UNIVERSITY
            ).user
        ),
        "coordinator elsewhere": lambda: (
            MembershipFactory(role=Membership.Role.PROGRAMME_COORDINATOR).user
        ),
        "mentor": lambda: supervisor_at(placement.host, role=Membership.Role.MENTOR),
    }
    client.force_login(people[who]())
    assert client.get(placement_url(placement)).status_code == 404
    response = client.post(placement_url(placement), {"action": "finish"})
    assert response.status_code == 404
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACCEPTED


def test_host_page_is_for_host_staff_only(client):
    client.force_login(UserFactory())
    assert client.get("/social-credit/host/").status_code == 403
    client.force_login(MembershipFactory(role=Membership.Role.UNIVERSITY).user)
    assert client.get("/social-credit/host/").status_code == 403


def test_university_page_is_for_university_officers_only(client):
    placement = placed_student()
    for person in (UserFactory(), placement.supervisor, placement.participation.user):
        client.force_login(person)
        assert client.get("/social-credit/university/").status_code == 403
        assert client.get("/social-credit/university/students.csv").status_code == 403


# --- The student ---------------------------------------------------------------------------


def test_the_student_applies_and_the_host_is_told(client, django_capture_on_commit_callbacks):
    programme, host, university = open_programme()
    staff = supervisor_at(host, preferred_language="kk")
    student = UserFactory(full_name="Айжан Серікова")
    client.force_login(student)
    response = client.get("/social-credit/")
    assert programme.title in response.content.decode()
    response = client.get(f"/social-credit/apply/?programme={programme.pk}")
    assert host.name in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/social-credit/apply/",
            {
                "programme": programme.pk,
                "university": university.pk,
                "student_id": " ST 123 ",
                "host": host.pk,
                "motivation": "Свободна по субботам.",
            },
        )
    placement = Placement.objects.get()
    assert response["Location"] == placement_url(placement)
    assert placement.status == Placement.Status.APPLIED
    assert placement.participation.student_id == "ST 123"
    assert [message.to for message in mail.outbox] == [[staff.email]]
    assert "Айжан Серікова" in mail.outbox[0].body
    assert "өтініш" in mail.outbox[0].subject.lower() or host.name in mail.outbox[0].subject


def test_applying_twice_to_the_same_host_is_explained(client):
    placement = placed_student()
    programme = placement.participation.programme
    client.force_login(placement.participation.user)
    response = client.post(
        "/en/social-credit/apply/",
        {
            "programme": programme.pk,
            "university": placement.participation.university_id,
            "student_id": placement.participation.student_id,
            "host": placement.host_id,
        },
    )
    assert response.status_code == 200
    assert "already applied to this organisation" in response.content.decode()
    assert Placement.objects.count() == 1


def test_a_host_outside_the_programme_cannot_be_chosen(client):
    programme, _host, university = open_programme()
    client.force_login(UserFactory())
    response = client.post(
        "/social-credit/apply/",
        {
            "programme": programme.pk,
            "university": university.pk,
            "student_id": "1",
            "host": OrganisationFactory().pk,
        },
    )
    assert response.status_code == 200
    assert not Participation.objects.exists()


def test_a_closed_programme_cannot_be_applied_to(client):
    programme, _host, _university = open_programme()
    programme.is_open = False
    programme.save()
    client.force_login(UserFactory())
    assert client.get(f"/social-credit/apply/?programme={programme.pk}").status_code == 404
    assert client.get("/social-credit/apply/?programme=x").status_code == 302


def test_the_student_logs_a_shift_and_sees_progress(client):
    placement = placed_student()
    client.force_login(placement.participation.user)
    response = client.post(
        placement_url(placement),
        {
            "action": "shift",
            "shift-date": "2026-11-20",
            "shift-hours": "3",
            "shift-minutes": "30",
            "shift-description": "Помощь в столовой",
        },
    )
    assert response.status_code == 302
    entry = HoursEntry.objects.get()
    assert (entry.minutes, entry.status, entry.organisation_id) == (
        210,
        "submitted",
        placement.host_id,
    )
    page = client.get(placement_url(placement)).content.decode()
    assert "Помощь в столовой" in page


def test_a_shift_beyond_the_cap_is_refused_with_the_hours_left(client):
    placement = placed_student()
    programme = placement.participation.programme
    programme.hour_cap = 5
    programme.save()
    log_shift(placement, minutes=4 * 60)
    client.force_login(placement.participation.user)
    response = client.post(
        f"/en{placement_url(placement)}",
        {
            "action": "shift",
            "shift-date": "2026-11-21",
            "shift-hours": "2",
            "shift-minutes": "0",
            "shift-description": "Ещё смена",
        },
    )
    assert response.status_code == 200
    assert "at most 5 hours a year. You can log 1.0 h more" in response.content.decode()
    assert HoursEntry.objects.count() == 1


def test_others_cannot_log_shifts_for_the_student(client):
    placement = placed_student()
    client.force_login(placement.supervisor)
    response = client.post(
        placement_url(placement),
        {
            "action": "shift",
            "shift-date": "2026-11-20",
            "shift-hours": "2",
            "shift-minutes": "0",
            "shift-description": "Не моя смена",
        },
    )
    assert response.status_code == 403
    assert not HoursEntry.objects.exists()


def test_the_student_withdraws_an_unanswered_application(client):
    programme, host, university = open_programme()
    participation = Participation.objects.create(
        user=UserFactory(), programme=programme, university=university, student_id="1"
    )
    placement = Placement.objects.create(participation=participation, host=host)
    client.force_login(participation.user)
    client.post(placement_url(placement), {"action": "withdraw"})
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.WITHDRAWN


# --- The host -------------------------------------------------------------------------------


def test_the_host_accepts_names_a_supervisor_and_the_student_is_told(
    client, django_capture_on_commit_callbacks
):
    programme, host, university = open_programme()
    coordinator = supervisor_at(host, role=Membership.Role.COORDINATOR)
    supervisor = supervisor_at(host, full_name="Ольга Иванова")
    student = UserFactory(preferred_language="en")
    participation = Participation.objects.create(
        user=student, programme=programme, university=university, student_id="1"
    )
    placement = Placement.objects.create(participation=participation, host=host)
    client.force_login(coordinator)
    page = client.get("/social-credit/host/").content.decode()
    assert student.full_name in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            placement_url(placement),
            {
                "action": "accept",
                "accept-supervisor": supervisor.pk,
                "accept-starts_on": "2026-11-01",
            },
        )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    assert placement.supervisor == supervisor
    assert placement.starts_on == datetime.date(2026, 11, 1)
    assert [message.to for message in mail.outbox] == [[student.email]]
    assert "Ольга Иванова" in mail.outbox[0].body
    assert "accepted" in mail.outbox[0].subject


def test_the_host_declines_with_a_reason(client, django_capture_on_commit_callbacks):
    programme, host, university = open_programme()
    staff = supervisor_at(host)
    participation = Participation.objects.create(
        user=UserFactory(), programme=programme, university=university, student_id="1"
    )
    placement = Placement.objects.create(participation=participation, host=host)
    client.force_login(staff)
    response = client.post(placement_url(placement), {"action": "decline", "decline-reason": " "})
    assert response.status_code == 200
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.APPLIED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(placement_url(placement), {"action": "decline", "decline-reason": "Нет мест"})
    placement.refresh_from_db()
    assert (placement.status, placement.decline_reason) == ("declined", "Нет мест")
    assert "Нет мест" in mail.outbox[0].body


def test_the_supervisor_confirms_and_rejects_shifts_on_the_placement_page(client):
    placement = placed_student()
    first, second = log_shift(placement, minutes=120), log_shift(placement, minutes=60)
    client.force_login(placement.supervisor)
    page = client.get(placement_url(placement)).content.decode()
    assert page.count('value="confirm"') == 2
    client.post(placement_url(placement), {"action": "confirm", "entry": first.id})
    client.post(
        placement_url(placement), {"action": "reject", "entry": second.id, "reason": "Не было"}
    )
    statuses = dict(HoursEntry.objects.values_list("pk", "status"))
    assert statuses == {first.id: "confirmed", second.id: "rejected"}


def test_a_shift_of_another_placement_cannot_be_decided_here(client):
    placement, other = placed_student(), placed_student()
    entry = log_shift(other)
    client.force_login(placement.supervisor)
    response = client.post(placement_url(placement), {"action": "confirm", "entry": entry.id})
    assert response.status_code == 404
    assert HoursEntry.objects.get(pk=entry.id).status == "submitted"


def test_the_student_cannot_confirm_their_own_shift(client):
    placement = placed_student()
    entry = log_shift(placement)
    client.force_login(placement.participation.user)
    response = client.post(placement_url(placement), {"action": "confirm", "entry": entry.id})
    assert response.status_code == 403
    assert HoursEntry.objects.get(pk=entry.id).status == "submitted"


def test_feedback_is_shown_to_the_student_and_in_the_volunteer_book(client):
    import io

    from pypdf import PdfReader

    placement = placed_student()
    confirmed_shift(placement)
    client.force_login(placement.supervisor)
    client.post(
        placement_url(placement),
        {"action": "feedback", "feedback-feedback": "Пунктуальна и внимательна."},
    )
    client.force_login(placement.participation.user)
    assert "Пунктуальна и внимательна." in client.get(placement_url(placement)).content.decode()
    book = client.get("/hours/book.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(book.content)).pages)
    assert "Пунктуальна и внимательна." in text
    assert placement.host.name.split()[0] in text


def test_the_host_finishes_a_placement_and_no_more_shifts_are_logged(client):
    placement = placed_student()
    client.force_login(placement.supervisor)
    client.post(placement_url(placement), {"action": "finish"})
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.FINISHED
    client.force_login(placement.participation.user)
    page = client.get(placement_url(placement)).content.decode()
    assert 'value="shift"' not in page


def test_an_unknown_action_changes_nothing(client):
    placement = placed_student()
    client.force_login(placement.supervisor)
    response = client.post(placement_url(placement), {"action": "delete"})
    assert response.status_code == 302
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACCEPTED


# --- The university -----------------------------------------------------------------------------


def test_a_university_sees_only_its_own_students(client):
    placement = placed_student()
    confirmed_shift(placement, minutes=150)
    log_shift(placement, minutes=60)
    other = placed_student()
    officer = MembershipFactory(
        organisation=placement.participation.university, role=Membership.Role.UNIVERSITY
    ).user
    client.force_login(officer)
    page = client.get("/social-credit/university/").content.decode()
    assert placement.participation.student_id in page
    assert other.participation.student_id not in page
    assert "2,5" in page and "1,0" in page
    csv_text = client.get("/social-credit/university/students.csv").content.decode("utf-8-sig")
    assert placement.participation.student_id in csv_text
    assert other.participation.student_id not in csv_text
    assert "2,5" in csv_text


# --- Query counts ---------------------------------------------------------------------------------


def _students(count: int, *, host, university, programme):
    for _ in range(count):
        placement = placed_student(programme=programme, host=host, university=university)
        log_shift(placement, minutes=60)


def test_host_and_university_pages_queries_do_not_grow(client):
    programme, host, university = open_programme()
    supervisor = supervisor_at(host)
    officer = MembershipFactory(organisation=university, role=Membership.Role.UNIVERSITY).user
    _students(3, host=host, university=university, programme=programme)
    client.force_login(supervisor)
    small_host = queries_for(client, "/social-credit/host/")
    client.force_login(officer)
    small_university = queries_for(client, "/social-credit/university/")
    _students(40, host=host, university=university, programme=programme)
    client.force_login(supervisor)
    assert queries_for(client, "/social-credit/host/") == small_host
    assert queries_for(client, "/social-credit/host/?page=2") == small_host
    client.force_login(officer)
    assert queries_for(client, "/social-credit/university/") == small_university


def test_the_students_page_queries_do_not_grow_with_shifts_or_programmes(client):
    placement = placed_student()
    student = placement.participation.user
    client.force_login(student)
    confirmed_shift(placement, minutes=60)
    small = queries_for(client, "/social-credit/")
    for day in range(1, 15):
        confirmed_shift(placement, minutes=60, date=datetime.date(2026, 11, day))
    for _ in range(5):
        open_programme()
    assert queries_for(client, "/social-credit/") == small
    placement_small = queries_for(client, placement_url(placement))
    for day in range(15, 19):
        log_shift(placement, minutes=30, date=datetime.date(2026, 11, day))
    assert queries_for(client, placement_url(placement)) == placement_small


def test_the_dashboard_shows_social_credit_progress(client, site_tree):
    placement = placed_student()
    confirmed_shift(placement, minutes=300)
    client.force_login(placement.participation.user)
    page = client.get("/learning/").content.decode()
    assert placement.participation.programme.title in page
