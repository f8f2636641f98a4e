"""The coordinators' pages of a mentoring programme and the match and mentee pages they share
with the matched mentor: what each person sees, what each action does through the page, what
is refused, the audit log the pages write, and query counts that do not grow with the data."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from courses.models import Enrolment
from lms.accounts.models import Membership
from mentorship import services
from mentorship.models import (
    CheckIn,
    Concern,
    Match,
    Mentee,
    MenteeAccess,
    Mentor,
    MentoringProgramme,
    ScreeningCheck,
    Step,
)
from tests.courses.builders import course
from tests.factories import MembershipFactory, UserFactory
from tests.mentorship.factories import (
    TODAY,
    InstitutionFactory,
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
    ready_mentor,
    screen,
)
from tests.queries import queries_for

pytestmark = pytest.mark.django_db

EN = "/en/mentorship/"
NOTES = "Только для координаторов: брат в другом доме"


@pytest.fixture(autouse=True)
def _today(monkeypatch, settings):
    """The pages and services work on the factories' day, whatever day the tests run (and
    the many people these tests make get a quick password hash)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def log_session(match, *, days: int = 3, concern: str = "", **fields):
    return services.session_log(
        match_id=match.pk,
        actor=match.mentor.user,
        date=days_ago(days),
        minutes=fields.pop("minutes", 60),
        mode=fields.pop("mode", "in_person"),
        mood=fields.pop("mood", 4),
        activities=fields.pop("activities", ["talk", "sport"]),
        concern_category="wellbeing" if concern else "",
        concern_text=concern,
        today=TODAY,
        **fields,
    )


@dataclass
class World:
    programme: MentoringProgramme
    coordinator: object
    match: Match  # active, with a session and a concern
    concern: Concern
    ready: Mentor  # screened, not matched
    screening: Mentor  # interview only
    applied: Mentor  # nothing recorded
    free_mentee: Mentee


def world() -> World:
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    mentee = MenteeFactory(programme=programme, coordinator_notes=NOTES)
    match = active_match(programme=programme, coordinator=coordinator, mentee=mentee)
    log_session(match, days=10)
    log_session(match, days=3, concern="Грустит, не хочет говорить о школе")
    return World(
        programme=programme,
        coordinator=coordinator,
        match=match,
        concern=Concern.objects.get(match=match),
        ready=ready_mentor(programme),
        screening=screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW]),
        applied=MentorFactory(programme=programme),
        free_mentee=MenteeFactory(programme=programme),
    )


def programme_urls(programme, mentor=None) -> dict[str, str]:
    base = f"{EN}programmes/{programme.pk}/"
    urls = {
        "dashboard": base,
        "mentors": f"{base}mentors/",
        "mentees": f"{base}mentees/",
        "mentee_new": f"{base}mentees/new/",
        "matches": f"{base}matches/",
        "match_new": f"{base}matches/new/",
        "concerns": f"{base}concerns/",
        "audit": f"{base}audit/",
    }
    if mentor is not None:
        urls["mentor"] = f"{base}mentors/{mentor.pk}/"
    return urls


def match_url(match) -> str:
    return f"{EN}matches/{match.pk}/"


def mentee_url(mentee) -> str:
    return f"{EN}mentees/{mentee.pk}/"


def concern_url(concern) -> str:
    return f"{EN}concerns/{concern.pk}/"


def text(response) -> str:
    return response.content.decode()


# --- Who may see what ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    w = world()
    urls = [
        *programme_urls(w.programme, w.ready).values(),
        match_url(w.match),
        mentee_url(w.match.mentee),
        f"{mentee_url(w.match.mentee)}edit/",
        concern_url(w.concern),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert not MenteeAccess.objects.filter(action=MenteeAccess.Action.VIEW).exists()


@pytest.mark.parametrize("who", ["learner", "other coordinator", "programme's mentor"])
def test_programme_pages_are_refused_to_everyone_but_its_coordinators(client, who):
    w = world()
    other = ProgrammeFactory()
    people = {
        "learner": UserFactory,
        "other coordinator": lambda: coordinator_of(other),
        "programme's mentor": lambda: w.match.mentor.user,
    }
    client.force_login(people[who]())
    for name, url in programme_urls(w.programme, w.ready).items():
        assert client.get(url).status_code == 403, name
    # Their actions change nothing.
    urls = programme_urls(w.programme, w.ready)
    posts = [
        (urls["mentee_new"], {"age_band": "10-13", "institution": w.free_mentee.institution_id}),
        (urls["match_new"], {"mentor": w.ready.pk, "mentee": w.free_mentee.pk}),
        (urls["mentor"], {"action": "decline", "decline-reason": "Нет"}),
        (
            urls["mentor"],
            {
                "action": "screening",
                "screening-step": "interview",
                "screening-outcome": "passed",
                "screening-done_on": days_ago(1).isoformat(),
            },
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Mentee.objects.filter(programme=w.programme).count() == 2
    assert Match.objects.count() == 1
    assert Mentor.objects.get(pk=w.ready.pk).status == Mentor.Status.ACTIVE
    assert ScreeningCheck.objects.filter(mentor=w.ready).count() == 3


@pytest.mark.parametrize("who", ["learner", "other coordinator", "other mentor"])
def test_matches_mentees_and_concerns_are_not_found_by_others(client, who):
    w = world()
    other = ProgrammeFactory()
    people = {
        "learner": UserFactory,
        "other coordinator": lambda: coordinator_of(other),
        "other mentor": lambda: active_match(programme=w.programme).mentor.user,
    }
    client.force_login(people[who]())
    mentee = w.match.mentee
    for url in (
        match_url(w.match),
        mentee_url(mentee),
        f"{mentee_url(mentee)}edit/",
        concern_url(w.concern),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(match_url(w.match), {"action": "cancel"}).status_code == 404
    assert client.post(concern_url(w.concern), {"resolution": "Закрыто"}).status_code == 404
    assert (
        client.post(
            f"{mentee_url(mentee)}edit/",
            {"age_band": "6-9", "institution": mentee.institution_id},
        ).status_code
        == 404
    )
    assert not MenteeAccess.objects.filter(mentee=mentee, action="view").exists()
    assert Concern.objects.get(pk=w.concern.pk).status == Concern.Status.OPEN
    assert Mentee.objects.get(pk=mentee.pk).age_band == Mentee.AgeBand.TEN


def test_an_administrator_sees_every_page(client, admin_user):
    w = world()
    client.force_login(admin_user)
    for url in (
        *programme_urls(w.programme, w.ready).values(),
        match_url(w.match),
        mentee_url(w.match.mentee),
        concern_url(w.concern),
    ):
        assert client.get(url).status_code == 200, url


def test_the_matched_mentor_sees_the_child_but_not_the_coordinators_notes(client):
    w = world()
    mentor = w.match.mentor.user
    client.force_login(mentor)
    page = text(client.get(match_url(w.match)))
    mentee = w.match.mentee
    assert mentee.code in page
    assert mentee.interests in page
    assert mentee.institution.name in page
    assert NOTES not in page
    assert f"{EN}matches/{w.match.pk}/sessions/new/" in page
    assert f"{EN}matches/{w.match.pk}/concern/" in page
    assert "Record a check-in" not in page and "Close the match" not in page
    assert "Next check-in" not in page and "overdue" not in page
    assert "2 of 2" in page  # meetings in the last 30 days against the expected two

    page = text(client.get(mentee_url(mentee)))
    assert mentee.code in page and NOTES not in page
    assert f"{EN}mentees/{mentee.pk}/edit/" not in page
    # The mentor may see the record but not change it, nor act on the match.
    assert client.get(f"{mentee_url(mentee)}edit/").status_code == 403
    response = client.post(
        match_url(w.match),
        {
            "action": "checkin",
            "checkin-date": days_ago(1).isoformat(),
            "checkin-with_whom": "mentor",
            "checkin-channel": "phone",
        },
    )
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_a_former_mentor_loses_the_match_and_the_child_when_the_match_closes(client):
    w = world()
    mentor = w.match.mentor.user
    client.force_login(w.coordinator)
    response = client.post(
        match_url(w.match),
        {
            "action": "close",
            "close-closure": "early",
            "close-reason": "mentor_left",
            "close-exit_note": "Наставник переехал",
            "close-closed_on": days_ago(1).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Match.objects.get(pk=w.match.pk).status == Match.Status.CLOSED
    client.force_login(mentor)
    assert client.get(match_url(w.match)).status_code == 404
    assert client.get(mentee_url(w.match.mentee)).status_code == 404
    # Their own concern stays readable to them, without the child's record.
    page = text(client.get(concern_url(w.concern)))
    assert "Грустит" in page and w.match.mentee.code not in page


def test_the_raising_mentor_reads_their_concern_but_cannot_close_it(client):
    w = world()
    client.force_login(w.match.mentor.user)
    page = text(client.get(concern_url(w.concern)))
    assert "Грустит, не хочет говорить о школе" in page
    assert "Close the concern" not in page
    assert 'name="resolution"' not in page
    assert client.post(concern_url(w.concern), {"resolution": "Сам"}).status_code == 403
    assert Concern.objects.get(pk=w.concern.pk).status == Concern.Status.OPEN


# --- The audit log --------------------------------------------------------------------------


def test_every_view_of_a_mentee_is_written_to_the_audit_log(client):
    w = world()
    mentee = w.match.mentee
    views = MenteeAccess.objects.filter(mentee=mentee, action=MenteeAccess.Action.VIEW)
    client.force_login(w.coordinator)
    client.get(mentee_url(mentee))
    client.get(match_url(w.match))
    client.get(f"{mentee_url(mentee)}edit/")
    assert list(views.order_by("pk").values_list("user_id", "place")) == [
        (w.coordinator.pk, "mentee"),
        (w.coordinator.pk, "match"),
        (w.coordinator.pk, "mentee_edit"),
    ]
    client.force_login(w.match.mentor.user)
    client.get(match_url(w.match))
    client.get(mentee_url(mentee))
    assert views.filter(user=w.match.mentor.user).count() == 2
    # Lists show codes only and write nothing; the log shows who, what, which child, where.
    client.force_login(w.coordinator)
    client.get(programme_urls(w.programme)["mentees"])
    assert views.count() == 5
    page = text(client.get(programme_urls(w.programme)["audit"]))
    assert page.count(mentee.code) == 5
    assert "Match page" in page and "Child&#x27;s record" in page
    assert w.match.mentor.user.full_name in page and w.coordinator.full_name in page


def test_the_audit_log_pages_and_is_empty_at_first(client):
    programme = ProgrammeFactory()
    client.force_login(coordinator_of(programme))
    page = text(client.get(programme_urls(programme)["audit"]))
    assert "Nobody has opened a child" in page


# --- Pages with data and empty --------------------------------------------------------------


def test_every_coordinator_page_renders_empty(client):
    programme = ProgrammeFactory()
    client.force_login(coordinator_of(programme))
    urls = programme_urls(programme)
    expected = {
        "dashboard": "There are no active matches yet.",
        "mentors": "Nobody has applied to be a mentor in this programme yet.",
        "mentees": "No children in the programme yet.",
        "mentee_new": "Never write the child",
        "matches": "No matches yet.",
        "match_new": "No mentor is ready to be matched now.",
        "concerns": "No concerns have been raised.",
        "audit": "Nobody has opened",
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert expected[name] in text(response), name


def test_every_coordinator_page_renders_with_data(client):
    w = world()
    proposed = services.match_propose(
        programme_id=w.programme.pk,
        actor=w.coordinator,
        mentor_id=w.ready.pk,
        mentee_id=w.free_mentee.pk,
        today=TODAY,
    )
    client.force_login(w.coordinator)
    urls = programme_urls(w.programme, w.screening)
    mentee = w.match.mentee
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name
    page = text(client.get(urls["mentees"]))
    assert mentee.code in page and mentee.institution.name in page and "Matched" in page
    assert NOTES not in page
    page = text(client.get(urls["matches"]))
    assert f"Match #{w.match.pk}" in page and f"Match #{proposed.pk}" in page
    assert "1 open concern" in page
    page = text(client.get(urls["concerns"]))
    assert "Emotional wellbeing" in page and w.match.mentor.user.full_name in page
    page = text(client.get(match_url(proposed)))
    assert "Start the match" in page and "Cancel the proposal" in page
    page = text(client.get(match_url(w.match)))
    assert mentee.code in page and NOTES not in page
    assert "concern raised" in page and "Talking, Sport and outdoor games" in page
    assert "Record a check-in" in page and "Close the match" in page
    page = text(client.get(mentee_url(mentee)))
    assert NOTES in page and f"Match #{w.match.pk}" in page
    page = text(client.get(concern_url(w.concern)))
    assert "Грустит" in page and "Close the concern" in page
    page = text(client.get(f"{mentee_url(mentee)}edit/"))
    assert NOTES in page


def test_the_dashboard_counts_the_pipeline_and_explains_the_risks(client):
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    quiet = active_match(programme=programme, coordinator=coordinator)  # 40 days, no meeting
    ready_mentor(programme)
    screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW])
    MentorFactory(programme=programme)
    MentorFactory(programme=programme, status=Mentor.Status.WITHDRAWN)
    expiring = screen(MentorFactory(programme=programme), expires_on=TODAY + datetime.timedelta(5))
    client.force_login(coordinator)
    page = text(client.get(programme_urls(programme)["dashboard"]))
    pipeline = page.split('id="pipeline-title"')[1].split("</section>")[0]
    counts = {
        label: pipeline.split(f">{label}</a></dt>")[1].split("<dd>")[1].split("</dd>")[0]
        for label in ("Applied", "In screening", "Ready to be matched", "Matched", "Withdrawn")
    }
    assert counts == {
        "Applied": "1",
        "In screening": "1",
        "Ready to be matched": "2",
        "Matched": "1",
        "Withdrawn": "1",
    }
    risk = page.split('id="risk-title"')[1].split("</section>")[0]
    assert f"Match #{quiet.pk}" in risk
    assert "No meeting logged for 40 days" in risk
    assert "0 meetings in the last 30 days, 2 expected" in risk
    assert "Check-in with the mentor overdue by 25 days" in risk
    assert "Check-in with the child&#x27;s side overdue by 25 days" in risk
    documents = page.split('id="expiring-title"')[1].split("</section>")[0]
    assert expiring.user.full_name in documents and "Expires soon" in documents
    assert "No open concerns." in page

    # A logged meeting and check-ins with both sides take the match off the list.
    log_session(quiet, days=2)
    log_session(quiet, days=9)
    for side in CheckIn.With.values:
        services.checkin_record(
            match_id=quiet.pk,
            actor=coordinator,
            date=days_ago(1),
            with_whom=side,
            channel="phone",
            today=TODAY,
        )
        services.checkin_record(
            match_id=quiet.pk,
            actor=coordinator,
            date=days_ago(1),
            with_whom=side,
            channel="phone",
            today=TODAY,
        )
    page = text(client.get(programme_urls(programme)["dashboard"]))
    assert "No match is at risk" in page


def test_the_mentor_list_filters_by_stage(client):
    w = world()
    declined = MentorFactory(programme=w.programme)
    services.mentor_decline(mentor_id=declined.pk, actor=w.coordinator, reason="Не подходит")
    client.force_login(w.coordinator)
    url = programme_urls(w.programme)["mentors"]
    shown = {
        stage: text(client.get(f"{url}?stage={stage}"))
        for stage in ("applied", "screening", "ready", "matched", "declined", "withdrawn")
    }
    people = {
        "applied": w.applied,
        "screening": w.screening,
        "ready": w.ready,
        "matched": w.match.mentor,
        "declined": declined,
    }
    for stage, page in shown.items():
        for other, mentor in people.items():
            assert (f"mentors/{mentor.pk}/" in page) == (other == stage), (stage, other)
    assert "Police-record certificate" in shown["screening"]  # what is still needed
    assert "No mentors at this stage." in shown["withdrawn"]
    everyone = text(client.get(url))
    assert all(f"mentors/{mentor.pk}/" in everyone for mentor in people.values())


# --- Screening and declining a mentor -------------------------------------------------------


def test_a_coordinator_records_screening_steps_until_the_mentor_is_ready(client):
    w = world()
    client.force_login(w.coordinator)
    url = programme_urls(w.programme, w.screening)["mentor"]
    page = text(client.get(url))
    assert "Not ready to be matched yet." in page
    assert "Propose a match" not in page
    for step in (Step.POLICE_RECORD, Step.REFERENCES):
        response = client.post(
            url,
            {
                "action": "screening",
                "screening-step": step,
                "screening-outcome": "passed",
                "screening-done_on": days_ago(2).isoformat(),
                "screening-note": "Проверено",
            },
        )
        assert response.status_code == 302
    check = ScreeningCheck.objects.get(mentor=w.screening, step=Step.POLICE_RECORD)
    assert check.expires_on == datetime.date(2027, 11, 22)  # the programme's 12 months
    assert check.recorded_by == w.coordinator
    page = text(client.get(url))
    assert "Every required step is done and valid" in page
    assert f"matches/new/?mentor={w.screening.pk}" in page


def test_a_screening_record_in_the_future_is_refused(client):
    w = world()
    client.force_login(w.coordinator)
    url = programme_urls(w.programme, w.applied)["mentor"]
    response = client.post(
        url,
        {
            "action": "screening",
            "screening-step": "interview",
            "screening-outcome": "passed",
            "screening-done_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in text(response)
    assert 'role="alert"' in text(response)
    response = client.post(
        url,
        {
            "action": "screening",
            "screening-step": "police_record",
            "screening-outcome": "passed",
            "screening-done_on": days_ago(3).isoformat(),
            "screening-expires_on": days_ago(5).isoformat(),
        },
    )
    assert "The expiry date must come after the date." in text(response)
    assert not ScreeningCheck.objects.filter(mentor=w.applied).exists()


def test_expired_and_failed_steps_show_on_the_mentor_page(client):
    w = world()
    mentor = MentorFactory(programme=w.programme)
    screen(mentor, steps=[Step.INTERVIEW])
    ScreeningCheck.objects.create(
        mentor=mentor,
        step=Step.POLICE_RECORD,
        outcome="passed",
        done_on=days_ago(400),
        expires_on=days_ago(20),
    )
    ScreeningCheck.objects.create(
        mentor=mentor, step=Step.REFERENCES, outcome="failed", done_on=days_ago(10)
    )
    client.force_login(w.coordinator)
    page = text(client.get(programme_urls(w.programme, mentor)["mentor"]))
    assert "Expired" in page and "Not passed" in page and "Done" in page


def test_the_training_course_is_a_step_taken_from_the_courses(client, site_tree):
    training = course(site_tree.home["ru"], title="Основы наставничества")
    programme = ProgrammeFactory(training_course=training)
    coordinator = coordinator_of(programme)
    mentor = ready_mentor(programme)
    mentee = MenteeFactory(programme=programme)
    client.force_login(coordinator)
    url = programme_urls(programme, mentor)["mentor"]
    page = text(client.get(url))
    assert "Training: Основы наставничества" in page and "Not done yet" in page
    response = client.post(
        programme_urls(programme)["match_new"], {"mentor": mentor.pk, "mentee": mentee.pk}
    )
    assert "The mentor cannot be matched yet: Training: Основы наставничества." in text(response)
    assert not Match.objects.exists()

    Enrolment.objects.create(
        user=mentor.user, course=training, source="self", completed_at=timezone.now()
    )
    page = text(client.get(url))
    assert "Every required step is done and valid" in page
    response = client.post(
        programme_urls(programme)["match_new"], {"mentor": mentor.pk, "mentee": mentee.pk}
    )
    assert response.status_code == 302 and Match.objects.filter(mentor=mentor).exists()


def test_a_coordinator_declines_a_mentor_with_a_reason(client):
    w = world()
    client.force_login(w.coordinator)
    url = programme_urls(w.programme, w.applied)["mentor"]
    response = client.post(url, {"action": "decline", "decline-reason": ""})
    assert response.status_code == 200 and "This field is required." in text(response)
    assert Mentor.objects.get(pk=w.applied.pk).status == Mentor.Status.ACTIVE
    response = client.post(url, {"action": "decline", "decline-reason": "Не прошёл собеседование"})
    assert response.status_code == 302
    mentor = Mentor.objects.get(pk=w.applied.pk)
    assert mentor.status == Mentor.Status.DECLINED and mentor.decided_by == w.coordinator
    page = text(client.get(url))
    assert "Не прошёл собеседование" in page and "Record a screening step" not in page
    # A matched mentor cannot be declined while the match is open.
    url = programme_urls(w.programme, w.match.mentor)["mentor"]
    response = client.post(url, {"action": "decline", "decline-reason": "Нет"})
    assert "Close the mentor&#x27;s match first." in text(response)


def test_a_mentor_of_another_programme_is_not_found(client):
    w = world()
    stranger = ready_mentor()
    client.force_login(w.coordinator)
    response = client.get(f"{EN}programmes/{w.programme.pk}/mentors/{stranger.pk}/")
    assert response.status_code == 404


# --- Mentees --------------------------------------------------------------------------------


def test_a_coordinator_adds_a_child_and_the_code_stays_out_of_the_address(client):
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    home = InstitutionFactory()
    ngo = MembershipFactory(role=Membership.Role.COORDINATOR).organisation
    closed = InstitutionFactory(is_active=False)
    client.force_login(coordinator)
    url = programme_urls(programme)["mentee_new"]
    page = text(client.get(url))
    assert home.name in page and ngo.name not in page and closed.name not in page
    response = client.post(url, {"age_band": "14-17", "institution": ngo.pk})
    assert response.status_code == 200 and "Select a valid choice" in text(response)
    response = client.post(
        url,
        {
            "age_band": "14-17",
            "institution": home.pk,
            "interests": "шахматы",
            "coordinator_notes": NOTES,
        },
    )
    mentee = Mentee.objects.get(programme=programme)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/mentees/{mentee.pk}/")
    assert mentee.code not in response["Location"]
    assert mentee.created_by == coordinator and mentee.coordinator_notes == NOTES
    assert MenteeAccess.objects.filter(mentee=mentee, action="create").exists()


def test_a_coordinator_changes_a_childs_record(client):
    w = world()
    mentee = w.free_mentee
    client.force_login(w.coordinator)
    url = f"{mentee_url(mentee)}edit/"
    response = client.post(
        url,
        {
            "age_band": "14-17",
            "institution": mentee.institution_id,
            "interests": "музыка",
            "coordinator_notes": "Любит гитару",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert (mentee.age_band, mentee.interests, mentee.coordinator_notes) == (
        "14-17",
        "музыка",
        "Любит гитару",
    )
    assert MenteeAccess.objects.filter(mentee=mentee, action="edit").exists()
    # A matched child cannot leave the programme before the match is closed.
    matched = w.match.mentee
    response = client.post(
        f"{mentee_url(matched)}edit/",
        {"age_band": matched.age_band, "institution": matched.institution_id},
    )
    assert response.status_code == 200
    assert "Close the child&#x27;s match first." in text(response)
    assert Mentee.objects.get(pk=matched.pk).is_active


def test_the_mentee_list_shows_children_who_left_on_request(client):
    w = world()
    left = MenteeFactory(programme=w.programme, is_active=False)
    client.force_login(w.coordinator)
    url = programme_urls(w.programme)["mentees"]
    assert left.code not in text(client.get(url))
    assert left.code in text(client.get(f"{url}?show=left"))
    assert w.free_mentee.code not in text(client.get(f"{url}?show=left"))
    assert left.code in text(client.get(f"{url}?show=all"))


# --- Matches --------------------------------------------------------------------------------


def test_a_coordinator_proposes_starts_checks_in_on_and_closes_a_match(client):
    w = world()
    client.force_login(w.coordinator)
    url = programme_urls(w.programme)["match_new"]
    page = text(client.get(f"{url}?mentor={w.ready.pk}"))
    assert f'<option value="{w.ready.pk}" selected>' in page
    assert w.free_mentee.code in page and w.match.mentee.code not in page
    response = client.post(
        url, {"mentor": w.ready.pk, "mentee": w.free_mentee.pk, "note": "Оба любят футбол"}
    )
    match = Match.objects.get(mentor=w.ready)
    assert response.status_code == 302 and response["Location"].endswith(match_url(match)[3:])
    assert match.status == Match.Status.PROPOSED and match.note == "Оба любят футбол"

    # The consent must come first.
    response = client.post(
        match_url(match),
        {
            "action": "start",
            "start-consent_by": "institution",
            "start-consent_on": days_ago(1).isoformat(),
            "start-started_on": days_ago(3).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "A match starts on or after the day of the consent." in text(response)
    response = client.post(
        match_url(match),
        {
            "action": "start",
            "start-consent_by": "guardian",
            "start-consent_on": days_ago(2).isoformat(),
            "start-consent_note": "Заявление опекуна",
            "start-started_on": days_ago(1).isoformat(),
        },
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE and match.consent_by == "guardian"
    page = text(client.get(match_url(match)))
    assert "Заявление опекуна" in page and "Record a check-in" in page

    response = client.post(
        match_url(match),
        {
            "action": "checkin",
            "checkin-date": TODAY.isoformat(),
            "checkin-with_whom": "child_side",
            "checkin-channel": "in_person",
            "checkin-note": "Всё хорошо",
        },
    )
    assert response.status_code == 302
    assert CheckIn.objects.get(match=match).with_whom == "child_side"
    response = client.post(
        match_url(match),
        {
            "action": "checkin",
            "checkin-date": days_ago(5).isoformat(),
            "checkin-with_whom": "mentor",
            "checkin-channel": "phone",
        },
    )
    assert "The date is before the match started." in text(response)

    response = client.post(
        match_url(match),
        {
            "action": "close",
            "close-closure": "early",
            "close-reason": "not_working",
            "close-exit_note": "",
            "close-closed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 200 and "This field is required." in text(response)
    response = client.post(
        match_url(match),
        {
            "action": "close",
            "close-closure": "early",
            "close-reason": "not_working",
            "close-exit_note": "Не сложилось",
            "close-closed_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.closure, match.reason) == ("closed", "early", "not_working")
    page = text(client.get(match_url(match)))
    assert "Не сложилось" in page and "Close the match" not in page


def test_a_coordinator_cancels_a_proposed_match(client):
    w = world()
    match = services.match_propose(
        programme_id=w.programme.pk,
        actor=w.coordinator,
        mentor_id=w.ready.pk,
        mentee_id=w.free_mentee.pk,
        today=TODAY,
    )
    client.force_login(w.coordinator)
    response = client.post(match_url(match), {"action": "cancel", "cancel-reason": "Нет согласия"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.CANCELLED and match.exit_note == "Нет согласия"
    # A stale form is explained, not obeyed.
    response = client.post(match_url(match), {"action": "cancel", "cancel-reason": "Ещё раз"})
    assert response.status_code == 302
    assert "Only a proposed match can be cancelled." in text(client.get(match_url(match)))
    assert client.post(match_url(match), {"action": "nonsense"}).status_code == 302


def test_matching_an_unready_mentor_names_the_missing_steps_and_creates_nothing(client):
    w = world()
    expired = MentorFactory(programme=w.programme)
    screen(expired, on=days_ago(400), expires_on=days_ago(35))
    client.force_login(w.coordinator)
    url = programme_urls(w.programme)["match_new"]

    page = text(client.get(f"{url}?mentor={w.screening.pk}"))
    assert "cannot be matched yet" in page
    assert "Police-record certificate" in page and "References" in page

    response = client.post(url, {"mentor": w.screening.pk, "mentee": w.free_mentee.pk})
    assert response.status_code == 200
    page = text(response)
    assert "The mentor cannot be matched yet: Police-record certificate, References." in page
    assert 'role="alert"' in page
    response = client.post(url, {"mentor": expired.pk, "mentee": w.free_mentee.pk})
    assert "Police-record certificate (expired)" in text(response)
    # A child who already has a mentor, or a mentor already matched, is refused too.
    response = client.post(url, {"mentor": w.ready.pk, "mentee": w.match.mentee_id})
    assert "Select a valid choice" in text(response)
    response = client.post(url, {"mentor": w.match.mentor_id, "mentee": w.free_mentee.pk})
    assert "This mentor is already in a match." in text(response)
    assert Match.objects.count() == 1


def test_match_health_shows_meetings_against_expected_and_overdue_check_ins(client):
    w = world()
    client.force_login(w.coordinator)
    page = text(client.get(match_url(w.match)))
    health = page.split('id="health-title"')[1].split("</section>")[0]
    assert "2 of 2" in health  # two meetings in 30 days, two expected
    assert "overdue" in health  # no check-ins in the first month
    assert "Check-in with the mentor overdue by 25 days" in health


# --- Concerns -------------------------------------------------------------------------------


def test_a_coordinator_closes_a_concern_with_what_was_done(client):
    w = world()
    client.force_login(w.coordinator)
    response = client.post(concern_url(w.concern), {"resolution": ""})
    assert response.status_code == 200 and "This field is required." in text(response)
    response = client.post(concern_url(w.concern), {"resolution": "Поговорили с психологом"})
    assert response.status_code == 302
    concern = Concern.objects.get(pk=w.concern.pk)
    assert concern.status == Concern.Status.CLOSED and concern.closed_by == w.coordinator
    assert concern.text == "Грустит, не хочет говорить о школе"
    page = text(client.get(concern_url(concern)))
    assert "Поговорили с психологом" in page and 'name="resolution"' not in page
    url = programme_urls(w.programme)["concerns"]
    assert "No open concerns." in text(client.get(f"{url}?status=open"))
    assert concern_url(concern)[3:] in text(client.get(f"{url}?status=closed"))
    # The mentor reads that it is closed, not the coordinators' resolution.
    client.force_login(w.match.mentor.user)
    page = text(client.get(concern_url(concern)))
    assert "Closed" in page and "Поговорили с психологом" not in page


# --- Query counts ---------------------------------------------------------------------------


def grow(programme, coordinator, n: int) -> list[Match]:
    """``n`` of everything: mentors at each stage, matches with sessions, concerns and
    check-ins, documents about to expire, audit rows."""
    matches = []
    for index in range(n):
        ready_mentor(programme)
        screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW])
        MentorFactory(programme=programme)
        screen(MentorFactory(programme=programme), expires_on=TODAY + datetime.timedelta(days=9))
        match = active_match(programme=programme, coordinator=coordinator)
        log_session(match, days=2, concern="Тревожится" if index % 2 else "")
        services.checkin_record(
            match_id=match.pk,
            actor=coordinator,
            date=days_ago(1),
            with_whom="mentor",
            channel="phone",
            today=TODAY,
        )
        services.mentee_open(mentee_id=match.mentee_id, viewer=coordinator, place="mentee")
        matches.append(match)
    return matches


def counted_pages(client, small: int = 2, large: int = 15) -> dict[str, tuple[int, int]]:
    counts = {}
    for n in (small, large):
        programme = ProgrammeFactory()
        coordinator = coordinator_of(programme)
        grown = grow(programme, coordinator, n)
        client.force_login(coordinator)
        urls = programme_urls(programme)
        for name in ("dashboard", "mentors", "matches", "mentees", "concerns", "audit"):
            counts.setdefault(name, []).append(queries_for(client, urls[name]))
        counts.setdefault("mentors?stage=ready", []).append(
            queries_for(client, f"{urls['mentors']}?stage=ready")
        )
        counts.setdefault("matches?status=active", []).append(
            queries_for(client, f"{urls['matches']}?status=active")
        )
        match = grown[0]
        for index in range(n):
            log_session(match, days=3 + index)
            services.checkin_record(
                match_id=match.pk,
                actor=coordinator,
                date=days_ago(2 + index),
                with_whom="child_side",
                channel="phone",
                today=TODAY,
            )
        counts.setdefault("match", []).append(queries_for(client, match_url(match)))
        client.force_login(match.mentor.user)
        counts.setdefault("match (mentor)", []).append(queries_for(client, match_url(match)))
    return {name: tuple(values) for name, values in counts.items()}


def test_list_and_dashboard_queries_do_not_grow_with_the_data(client):
    counts = counted_pages(client)
    for name, (small, large) in counts.items():
        assert small == large, (name, small, large)
    assert counts["dashboard"][0] <= 20
