"""The pages of people who apply to mentor and of mentors: applying and withdrawing, where an
application stands, logging sessions (and their hours), raising concerns, the session log and
the dashboard panel."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrolment
from lms.extensions import Panel
from lms.hours import api as hours
from mentorship import services
from mentorship.models import (
    Concern,
    Match,
    Mentor,
    MentoringProgramme,
    ScreeningCheck,
    Session,
    Step,
)
from mentorship.views.mentoring import dashboard_panel
from tests.courses.builders import course
from tests.factories import UserFactory
from tests.mentorship.factories import (
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
    screen,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

EN = "/en/mentorship/"


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def running_match(*, programme=None, coordinator=None, **user_fields) -> Match:
    """An active match that started 40 days ago (the pages work on the real today)."""
    programme = programme or ProgrammeFactory()
    mentor = screen(
        MentorFactory(programme=programme, user=UserFactory(**user_fields)), on=days_ago(60)
    )
    return active_match(
        programme=programme, mentor=mentor, started_on=days_ago(40), coordinator=coordinator
    )


def session_data(**overrides) -> dict:
    data = {
        "date": days_ago(1).isoformat(),
        "hours": "1",
        "minutes": "30",
        "mode": "in_person",
        "activities": ["talk", "sport"],
        "activities_other": "",
        "mood": "4",
        "note": "Играли в футбол",
        "concern_category": "",
        "concern_text": "",
    }
    data.update(overrides)
    return data


def session_url(match) -> str:
    return f"{EN}matches/{match.pk}/sessions/new/"


def concern_url(match) -> str:
    return f"{EN}matches/{match.pk}/concern/"


def match_url(match) -> str:
    return f"{EN}matches/{match.pk}/"


def close(match) -> None:
    services.match_close(
        match_id=match.pk,
        actor=coordinator_of(match.programme),
        closure=Match.Closure.PLANNED,
        reason=Match.Reason.TERM_ENDED,
        exit_note="Срок закончился",
        closed_on=today(),
        today=today(),
    )


# --- Anonymous visitors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/mentorship/"),
        ("get", "/mentorship/apply/1/"),
        ("post", "/mentorship/apply/1/"),
        ("post", "/mentorship/applications/1/withdraw/"),
        ("get", "/mentorship/sessions/"),
        ("get", "/mentorship/matches/1/sessions/new/"),
        ("post", "/mentorship/matches/1/sessions/new/"),
        ("get", "/mentorship/matches/1/concern/"),
        ("post", "/mentorship/matches/1/concern/"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Applying and withdrawing --------------------------------------------------------------


def test_a_person_applies_to_an_open_programme(client):
    programme = ProgrammeFactory()
    person = UserFactory()
    client.force_login(person)
    page = client.get(EN).content.decode()
    assert f'href="{EN}apply/{programme.pk}/"' in page
    assert "You have not applied to mentor yet." in page

    assert client.get(f"{EN}apply/{programme.pk}/").status_code == 200
    response = client.post(
        f"{EN}apply/{programme.pk}/",
        {
            "motivation": "Хочу поддержать ребёнка",
            "experience": "Вожатый в лагере",
            "availability": "по выходным",
            "city": "Караганда",
            "phone": "+7 700 000 00 00",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == EN
    mentor = Mentor.objects.get(programme=programme, user=person)
    assert (mentor.city, mentor.availability, mentor.status) == (
        "Караганда",
        "по выходным",
        Mentor.Status.ACTIVE,
    )
    page = client.get(EN).content.decode()
    assert "is received" in page  # the success message
    assert "Application received" in page
    assert f'href="{EN}apply/{programme.pk}/"' not in page
    assert "You have applied to this programme." in page


def test_an_application_needs_motivation_and_a_city(client):
    programme = ProgrammeFactory()
    client.force_login(UserFactory())
    response = client.post(f"{EN}apply/{programme.pk}/", {"motivation": " ", "city": ""})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Mentor.objects.exists()


def test_applying_twice_is_refused_on_the_form(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    url = f"{EN}apply/{mentor.programme.pk}/"
    page = client.get(url).content.decode()
    assert "You have already applied to this programme." in page
    assert "<form" not in page.split('id="main"')[1]
    response = client.post(url, {"motivation": "Ещё раз", "city": "Алматы"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "You have already applied to this programme." in body
    assert 'role="alert"' in body
    assert Mentor.objects.filter(user=mentor.user).count() == 1
    assert Mentor.objects.get(pk=mentor.pk).motivation == "Хочу помогать детям"


def test_a_closed_or_unknown_programme_takes_no_applications(client):
    programme = ProgrammeFactory(is_open=False)
    client.force_login(UserFactory())
    assert client.get(f"{EN}apply/{programme.pk}/").status_code == 404
    response = client.post(f"{EN}apply/{programme.pk}/", {"motivation": "Да", "city": "Алматы"})
    assert response.status_code == 404
    assert client.get(f"{EN}apply/{programme.pk + 1000}/").status_code == 404
    assert not Mentor.objects.exists()
    assert f"{EN}apply/{programme.pk}/" not in client.get(EN).content.decode()


def test_a_person_withdraws_and_applies_again(client):
    mentor = MentorFactory(availability="утром")
    client.force_login(mentor.user)
    assert client.get(f"{EN}applications/{mentor.pk}/withdraw/").status_code == 405
    response = client.post(f"{EN}applications/{mentor.pk}/withdraw/")
    assert response.status_code == 302
    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.WITHDRAWN
    page = client.get(EN).content.decode()
    assert "Your application is withdrawn." in page
    assert "Apply again" in page
    # The form starts from the earlier application.
    form = client.get(f"{EN}apply/{mentor.programme.pk}/").content.decode()
    assert 'value="утром"' in form
    client.post(f"{EN}apply/{mentor.programme.pk}/", {"motivation": "Снова хочу", "city": "Алматы"})
    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.ACTIVE


def test_nobody_withdraws_someone_elses_application(client):
    mentor = MentorFactory()
    client.force_login(UserFactory())
    assert client.post(f"{EN}applications/{mentor.pk}/withdraw/").status_code == 404
    assert client.post(f"{EN}applications/{mentor.pk + 1000}/withdraw/").status_code == 404
    assert Mentor.objects.get(pk=mentor.pk).status == Mentor.Status.ACTIVE


def test_a_matched_mentor_cannot_withdraw(client):
    match = running_match()
    client.force_login(match.mentor.user)
    page = client.get(EN).content.decode()
    assert f"{EN}applications/{match.mentor.pk}/withdraw/" not in page
    client.post(f"{EN}applications/{match.mentor.pk}/withdraw/")
    assert Mentor.objects.get(pk=match.mentor.pk).status == Mentor.Status.ACTIVE
    assert "Ask your coordinator to close it first." in client.get(EN).content.decode()


# --- Where an application stands -----------------------------------------------------------


def test_the_home_page_shows_the_screening_steps_done_expired_and_missing(client, site_tree):
    training = course(site_tree.home["ru"], title="Основы наставничества")
    programme = ProgrammeFactory(training_course=training)
    mentor = MentorFactory(programme=programme)
    screen(mentor, steps=[Step.INTERVIEW], on=days_ago(30))
    ScreeningCheck.objects.create(
        mentor=mentor,
        step=Step.POLICE_RECORD,
        outcome=ScreeningCheck.Outcome.PASSED,
        done_on=days_ago(400),
        expires_on=days_ago(35),
    )
    client.force_login(mentor.user)
    page = client.get(EN).content.decode()
    assert "In screening" in page
    assert "these steps must be done and valid" in page
    steps = page.split('aria-label="Screening steps"')[1].split("</ul>")[0]
    items = [item for item in steps.split("<li") if "badge" in item]
    assert len(items) == 4  # interview, police record, references, training
    assert ">done<" in items[0] and "Interview" in items[0]
    assert ">expired<" in items[1] and "Police-record certificate" in items[1]
    assert ">to do<" in items[2] and "References" in items[2]
    assert ">to do<" in items[3] and "Основы наставничества" in items[3]
    assert "Take the course" in items[3]
    assert training.url in items[3] or training.get_full_url() in items[3]
    # Withdrawing is possible while not matched.
    assert f"{EN}applications/{mentor.pk}/withdraw/" in page

    # Once everything is done and the course completed, the person is ready to be matched.
    screen(mentor, steps=[Step.POLICE_RECORD, Step.REFERENCES], on=days_ago(5))
    Enrolment.objects.create(
        user=mentor.user, course=training, source="self", completed_at=timezone.now()
    )
    page = client.get(EN).content.decode()
    assert "Screening complete" in page
    assert "Every screening step is done." in page
    assert "Take the course" not in page


def test_a_matched_mentor_sees_the_match_and_what_to_do(client):
    match = running_match()
    client.force_login(match.mentor.user)
    page = client.get(EN).content.decode()
    assert "Matched" in page
    assert f'href="{match_url(match)}"' in page
    assert f'href="{session_url(match)}"' in page
    assert f'href="{concern_url(match)}"' in page
    assert match.mentee.code not in page
    assert "Screening steps" not in page


def test_a_proposed_match_is_shown_as_being_prepared(client):
    programme = ProgrammeFactory()
    mentor = screen(MentorFactory(programme=programme), on=days_ago(60))
    services.match_propose(
        programme_id=programme.pk,
        actor=coordinator_of(programme),
        mentor_id=mentor.pk,
        mentee_id=MenteeFactory(programme=programme).pk,
        today=today(),
    )
    client.force_login(mentor.user)
    page = client.get(EN).content.decode()
    assert "A match is being prepared" in page
    assert f"{EN}applications/{mentor.pk}/withdraw/" not in page


def test_coordinators_find_their_programmes_dashboards(client):
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    client.force_login(coordinator_of(programme))
    page = client.get(EN).content.decode()
    assert "Programmes you coordinate" in page
    assert f'href="{EN}programmes/{programme.pk}/"' in page
    assert f'href="{EN}programmes/{other.pk}/"' not in page
    client.force_login(UserFactory())
    page = client.get(EN).content.decode()
    assert "Programmes you coordinate" not in page


def test_empty_states(client):
    MentoringProgramme.objects.all().delete()
    client.force_login(UserFactory())
    page = client.get(EN).content.decode()
    assert "You have not applied to mentor yet." in page
    assert "No programme is looking for mentors now." in page
    page = client.get(f"{EN}sessions/").content.decode()
    assert "You have not logged any sessions yet." in page


def test_the_home_page_queries_do_not_grow_with_sessions_and_checks(client):
    match = running_match()
    client.force_login(match.mentor.user)
    add_sessions(match, 2)
    few = queries_for(client, EN)
    add_sessions(match, 30)
    for _n in range(5):
        screen(match.mentor, steps=[Step.REFERENCES], on=days_ago(50))
    MentorFactory.create_batch(5)
    assert queries_for(client, EN) == few


# --- Logging a session ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "status", "words"),
    [
        (MentoringProgramme.SessionHours.PENDING, "submitted", "once a coordinator confirms"),
        (MentoringProgramme.SessionHours.CONFIRMED, "confirmed", "are counted in your hours"),
    ],
)
def test_a_logged_session_writes_its_hours_to_the_ledger(client, setting, status, words):
    match = running_match(programme=ProgrammeFactory(session_hours=setting))
    client.force_login(match.mentor.user)
    form = client.get(session_url(match)).content.decode()
    assert f'value="{today().isoformat()}"' in form  # the date defaults to today
    assert match.mentee.code not in form
    response = client.post(session_url(match), session_data())
    assert response.status_code == 302
    assert response["Location"] == match_url(match)
    session = Session.objects.get(match=match)
    assert (session.minutes, session.mode, session.mood) == (90, "in_person", 4)
    assert session.activities == ["talk", "sport"]
    entry = hours.get_entry(session.hours_entry_id)
    assert (entry.user_id, entry.minutes, entry.status) == (match.mentor.user_id, 90, status)
    assert entry.source == "mentoring"
    assert entry.source_ref == session.hours_ref
    assert entry.organisation_id == match.programme.organisation_id
    assert match.mentee.code not in entry.description
    assert not Concern.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(words in message for message in messages)


def test_a_session_may_be_given_in_minutes_only_and_with_other_activities(client):
    match = running_match()
    client.force_login(match.mentor.user)
    client.post(
        session_url(match),
        session_data(hours="", minutes="45", activities=[], activities_other="Пекли пирог"),
    )
    session = Session.objects.get(match=match)
    assert (session.minutes, session.activities, session.activities_other) == (
        45,
        [],
        "Пекли пирог",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "FUTURE"}, "The date cannot be in the future."),
        ({"date": "BEFORE_START"}, "before the match started"),
        ({"hours": "", "minutes": "10"}, "A session lasts from 15 minutes to 12 hours."),
        ({"hours": "12", "minutes": "30"}, "A session lasts from 15 minutes to 12 hours."),
        ({"hours": "", "minutes": ""}, "Enter how long you met."),
        ({"activities": [], "activities_other": ""}, "Say what you did together."),
        ({"activities": ["skydiving"]}, "skydiving"),
        ({"mood": "9"}, "Select a valid choice"),
        ({"mood": ""}, "This field is required."),
        ({"mode": ""}, "This field is required."),
        ({"concern_category": "safety", "concern_text": " "}, "Describe what worries you."),
        ({"concern_text": "Синяк на руке"}, "Choose what the concern is about."),
    ],
)
def test_a_session_is_refused_with_the_reason_on_the_form(client, overrides, message):
    match = running_match()
    client.force_login(match.mentor.user)
    if overrides.get("date") == "FUTURE":
        overrides["date"] = (today() + datetime.timedelta(days=1)).isoformat()
    elif overrides.get("date") == "BEFORE_START":
        overrides["date"] = days_ago(41).isoformat()
    response = client.post(session_url(match), session_data(**overrides))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert not Session.objects.exists()
    assert not Concern.objects.exists()
    assert (
        hours.entries_by_ref(user_id=match.mentor.user_id, source="mentoring", source_ref_prefix="")
        == []
    )


def test_only_the_matched_mentor_logs_sessions_and_raises_concerns(client):
    match = running_match()
    other = running_match()
    people = [
        other.mentor.user,  # another mentor
        coordinator_of(match.programme),  # a coordinator logs no sessions
        UserFactory(),
    ]
    for person in people:
        client.force_login(person)
        assert client.get(session_url(match)).status_code == 404
        assert client.post(session_url(match), session_data()).status_code == 404
        assert client.get(concern_url(match)).status_code == 404
        response = client.post(concern_url(match), {"category": "safety", "text": "Тревога"})
        assert response.status_code == 404
    client.force_login(match.mentor.user)
    assert client.get(f"{EN}matches/{match.pk + 1000}/sessions/new/").status_code == 404
    assert not Session.objects.exists()
    assert not Concern.objects.exists()


def test_a_former_mentor_can_no_longer_log_or_raise_but_keeps_their_log(client):
    match = running_match()
    client.force_login(match.mentor.user)
    client.post(session_url(match), session_data())
    close(match)
    assert client.get(session_url(match)).status_code == 404
    assert client.post(session_url(match), session_data()).status_code == 404
    assert client.get(concern_url(match)).status_code == 404
    assert (
        client.post(concern_url(match), {"category": "safety", "text": "Тревога"}).status_code
        == 404
    )
    assert Session.objects.count() == 1
    assert not Concern.objects.exists()
    page = client.get(f"{EN}sessions/").content.decode()
    assert "1 session logged." in page
    assert match.programme.title in page
    assert f'href="{match_url(match)}"' not in page  # the match page is no longer theirs
    assert match.mentee.code not in page


# --- Concerns ------------------------------------------------------------------------------


def test_a_concern_raised_with_a_session_tells_each_coordinator_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory()
    first = coordinator_of(programme)
    second = coordinator_of(programme)
    match = running_match(programme=programme, coordinator=first)
    client.force_login(match.mentor.user)
    form = client.get(session_url(match)).content.decode()
    assert "coordinators are told at once" in form
    assert "cannot be changed or removed" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            session_url(match),
            session_data(concern_category="wellbeing", concern_text="Плакал, говорит о побеге"),
        )
    assert response.status_code == 302
    concern = Concern.objects.get()
    session = Session.objects.get()
    assert (concern.session, concern.match, concern.raised_by) == (
        session,
        match,
        match.mentor.user,
    )
    assert concern.notified_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([first.email, second.email])
    for message in mailoutbox:
        assert match.mentee.code not in message.subject + message.body
        assert "побеге" not in message.body  # what happened stays on the platform
        assert f"/concerns/{concern.pk}/" in message.body
    # Telling again sends nothing.
    assert services.concern_notify(concern_id=concern.pk) == 0
    assert len(mailoutbox) == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("concern has been sent" in message for message in messages)


def test_a_concern_raised_on_its_own_tells_the_coordinators_once(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    match = running_match()
    client.force_login(match.mentor.user)
    page = client.get(concern_url(match)).content.decode()
    assert "coordinators are told at once" in page
    assert "cannot be changed or removed after you send it" in page
    assert match.mentee.code not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(concern_url(match), {"category": "safety", "text": "Синяки"})
    assert response.status_code == 302
    assert response["Location"] == match_url(match)
    concern = Concern.objects.get()
    assert (concern.category, concern.text, concern.session) == ("safety", "Синяки", None)
    assert len(mailoutbox) == 1
    assert match.mentee.code not in mailoutbox[0].subject + mailoutbox[0].body
    assert "Синяки" not in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.concern_notify(concern_id=concern.pk)
    assert len(mailoutbox) == 1


def test_a_concern_needs_a_category_and_a_text(client, mailoutbox):
    match = running_match()
    client.force_login(match.mentor.user)
    for data in ({"category": "", "text": "Что-то"}, {"category": "health", "text": "  "}):
        response = client.post(concern_url(match), data)
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
    assert not Concern.objects.exists()
    assert mailoutbox == []


# --- The session log -------------------------------------------------------------------------


def add_sessions(match, count: int) -> None:
    for number in range(count):
        session = Session.objects.create(
            match=match,
            logged_by=match.mentor.user,
            date=days_ago(number % 30),
            minutes=60,
            mode=Session.Mode.ONLINE if number % 2 else Session.Mode.IN_PERSON,
            activities=["games", "reading"],
            mood=number % 5 + 1,
        )
        if number % 3 == 0:
            Concern.objects.create(
                match=match,
                session=session,
                raised_by=match.mentor.user,
                category=Concern.Category.OTHER,
                text="Заметка",
            )


def test_the_session_log_lists_the_persons_sessions_newest_first(client):
    match = running_match()
    someone_else = running_match()
    add_sessions(someone_else, 3)
    Session.objects.create(
        match=match,
        logged_by=match.mentor.user,
        date=days_ago(10),
        minutes=45,
        mode=Session.Mode.ONLINE,
        activities=["reading"],
        activities_other="Шахматы",
        mood=2,
    )
    newest = Session.objects.create(
        match=match,
        logged_by=match.mentor.user,
        date=days_ago(2),
        minutes=90,
        mode=Session.Mode.IN_PERSON,
        activities=["sport"],
        mood=5,
    )
    Concern.objects.create(
        match=match, session=newest, raised_by=match.mentor.user, category="health", text="x"
    )
    client.force_login(match.mentor.user)
    page = client.get(f"{EN}sessions/").content.decode()
    assert "2 sessions logged." in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    assert "Sport and outdoor games" in rows[0] and "5 — Very good" in rows[0]
    assert "raised" in rows[0]
    assert "Reading, Шахматы" in rows[1] and "2 — Low" in rows[1] and "Online" in rows[1]
    assert "raised" not in rows[1]
    assert match.mentee.code not in page
    assert someone_else.mentee.code not in page


def test_the_session_log_is_paginated_with_the_same_queries_at_any_size(client):
    match = running_match()
    client.force_login(match.mentor.user)
    add_sessions(match, 2)
    few = queries_for(client, f"{EN}sessions/")
    add_sessions(match, 28)
    assert queries_for(client, f"{EN}sessions/") == few
    page = client.get(f"{EN}sessions/").content.decode()
    assert "30 sessions logged." in page
    assert page.split("<tbody>")[1].count("<tr>") == 25
    assert "Page 1 of 2" in page
    second = client.get(f"{EN}sessions/?page=2").content.decode()
    assert second.split("<tbody>")[1].count("<tr>") == 5


# --- The learner dashboard panel -----------------------------------------------------------


def panel_for(user) -> Panel | None:
    request = RequestFactory().get("/")
    request.user = user
    return dashboard_panel(request)


def test_the_dashboard_panel_is_for_people_who_applied():
    assert panel_for(UserFactory()) is None
    assert panel_for(AnonymousUser()) is None
    applicant = MentorFactory()
    panel = panel_for(applicant.user)
    assert panel is not None
    assert [row["stage"] for row in panel.context["rows"]] == ["applied"]


def test_the_dashboard_panel_shows_a_mentors_match_with_few_queries(
    client, django_assert_max_num_queries
):
    match = running_match()
    add_sessions(match, 5)
    with django_assert_max_num_queries(6):
        panel = panel_for(match.mentor.user)
    (row,) = panel.context["rows"]
    assert row["match"] == match
    assert row["last_session"] == today()
    client.force_login(match.mentor.user)
    page = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="mentoring-title"' in page
    assert reverse("mentorship:session_new", args=[match.pk]) in page
    assert reverse("mentorship:match", args=[match.pk]) in page
    assert match.mentee.code not in page
    client.force_login(UserFactory())
    assert 'id="mentoring-title"' not in client.get(reverse("courses:dashboard")).content.decode()
