"""Webinars: time zones, calendars, reminders, registration, attendance and completion."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses import services as course_services
from courses.models import Attendance, CoursePage, Enrolment, LessonPage, Webinar, WebinarNotice
from courses.services import CourseError
from courses.trainers import services, tasks
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.courses import builders as course_builders
from tests.courses.trainers import builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory

ASTANA = zoneinfo.ZoneInfo("Asia/Almaty")  # Astana keeps Almaty's time: UTC+5 since 2024
UTC = datetime.UTC


pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_tree):
    return site_tree.home["ru"]


@pytest.fixture
def setup(home):
    trainer = builders.trainer(full_name="Ерлан Сапаров", time_zone="Asia/Almaty")
    course = builders.course_with_webinars(home, needed=1, share=75, lessons=1)
    cohort = builders.cohort(course, trainer_user=trainer)
    learner = builders.learner_in(cohort, full_name="Анна Смирнова", time_zone="Europe/Moscow")
    return {"trainer": trainer, "course": course, "cohort": cohort, "learner": learner}


def _next_day_at(hour: int, zone) -> datetime.datetime:
    day = timezone.now().astimezone(zone).date() + datetime.timedelta(days=3)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=zone)


# --- Time zones and calendars ----------------------------------------------------------


def test_ten_in_astana_is_eight_in_moscow_and_five_utc(client, setup):
    client.force_login(setup["trainer"])
    starts = _next_day_at(10, ASTANA)
    response = client.post(
        reverse("courses:webinar_new"),
        {
            "title": "Встреча с добровольцами",
            "course": setup["course"].pk,
            "cohort": setup["cohort"].pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),  # typed in the trainer's zone
            "duration_minutes": 90,
            "meeting_url": "https://bbb.example.org/b/abc-123",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    webinar = Webinar.objects.get()
    assert webinar.starts_at == starts
    assert webinar.starts_at.astimezone(UTC).hour == 5

    client.force_login(setup["learner"])  # in Moscow's zone
    page = client.get(reverse("courses:webinar", args=[webinar.pk])).content.decode()
    assert "08:00–09:30" in page and "Europe/Moscow" in page

    calendar = Calendar.from_ical(
        client.get(reverse("courses:webinar_ics", args=[webinar.pk])).content
    )
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == starts
    assert event["dtstart"].to_ical().decode().endswith("050000Z")


def test_calendar_updates_and_cancellation_keep_the_uid(client, setup):
    webinar = builders.webinar(
        trainer_user=setup["trainer"], course=setup["course"], cohort=setup["cohort"]
    )
    services.webinar_register(webinar=webinar, user=setup["learner"])

    def event():
        client.force_login(setup["learner"])
        body = client.get(reverse("courses:webinar_ics", args=[webinar.pk])).content
        return next(iter(Calendar.from_ical(body).walk("VEVENT")))

    first = event()
    assert str(first["status"]) == "CONFIRMED"
    # The meeting link stays on the page (shown shortly before the start), never in a file.
    assert str(first["location"]).endswith(f"/learning/webinars/{webinar.pk}/")
    assert webinar.meeting_url not in first.to_ical().decode()
    services.webinar_update(
        webinar=webinar,
        actor=setup["trainer"],
        starts_at=webinar.starts_at + datetime.timedelta(hours=2),
    )
    moved = event()
    assert str(moved["uid"]) == str(first["uid"])
    assert int(moved["sequence"]) == int(first["sequence"]) + 1
    services.webinar_cancel(webinar=Webinar.objects.get(pk=webinar.pk), actor=setup["trainer"])
    cancelled = event()
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) > int(moved["sequence"])
    assert str(cancelled["uid"]) == str(first["uid"])


def test_personal_feed_is_secret_and_lists_my_webinars(client, setup):
    mine = builders.webinar(
        trainer_user=setup["trainer"], course=setup["course"], cohort=setup["cohort"]
    )
    builders.webinar(trainer_user=setup["trainer"], course=setup["course"], title="Чужой")
    services.webinar_register(webinar=mine, user=setup["learner"])
    client.force_login(setup["learner"])
    page = client.get(reverse("courses:calendar")).content.decode()
    feed = setup["learner"].calendar_feed
    url = reverse("courses:calendar_feed", args=[feed.token])
    assert url in page
    client.logout()
    calendar = Calendar.from_ical(client.get(url).content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [mine.title]

    client.force_login(setup["learner"])
    client.post(reverse("courses:calendar"))
    assert client.get(url).status_code == 404  # the old address stops working


# --- Reminders --------------------------------------------------------------------------


def test_reminders_go_once_each_in_the_learners_language(setup, mailoutbox):
    learner = setup["learner"]
    learner.preferred_language = "kk"
    learner.save()
    webinar = builders.webinar(
        trainer_user=setup["trainer"],
        course=setup["course"],
        cohort=setup["cohort"],
        starts_at=timezone.now() + datetime.timedelta(hours=20),
    )
    services.webinar_register(webinar=webinar, user=learner)
    assert tasks.send_webinar_reminders() == 1
    assert tasks.send_webinar_reminders() == 0  # the beat task ran twice
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [learner.email]
    import zoneinfo

    from django.utils import translation

    from lms.accounts.api import user_time_zone

    # 20 hours ahead is "today" or "tomorrow" depending on the learner's local time of day.
    zone = zoneinfo.ZoneInfo(user_time_zone(learner))
    same_day = timezone.localdate(webinar.starts_at, zone) == timezone.localdate(timezone=zone)
    with translation.override("kk"):
        expected = translation.gettext(
            "Today: %(title)s" if same_day else "Tomorrow: %(title)s"
        ) % {"title": webinar.title}
    assert mailoutbox[0].subject.endswith(expected)

    Webinar.objects.filter(pk=webinar.pk).update(
        starts_at=timezone.now() + datetime.timedelta(minutes=50)
    )
    assert tasks.send_webinar_reminders() == 1  # the hour reminder
    assert tasks.send_webinar_reminders() == 0
    assert WebinarNotice.objects.filter(user=learner).count() == 2


def test_moving_and_cancelling_notify_registered_people_once(
    setup, mailoutbox, django_capture_on_commit_callbacks
):
    webinar = builders.webinar(
        trainer_user=setup["trainer"], course=setup["course"], cohort=setup["cohort"]
    )
    services.webinar_register(webinar=webinar, user=setup["learner"])
    with django_capture_on_commit_callbacks(execute=True):
        services.webinar_update(
            webinar=webinar,
            actor=setup["trainer"],
            starts_at=webinar.starts_at + datetime.timedelta(days=1),
        )
    assert len(mailoutbox) == 1
    tasks.notify_webinar_change(webinar.pk, "moved")  # a retry
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.webinar_cancel(webinar=Webinar.objects.get(pk=webinar.pk), actor=setup["trainer"])
    assert len(mailoutbox) == 2
    with pytest.raises(CourseError):
        services.webinar_cancel(webinar=Webinar.objects.get(pk=webinar.pk), actor=setup["trainer"])


# --- Who may do what --------------------------------------------------------------------


def test_uncertified_and_suspended_trainers_are_refused(client, home, setup):
    course = setup["course"]
    uncertified = builders.trainer(certified=False)
    with pytest.raises(CourseError) as caught:
        services.webinar_schedule(
            trainer=uncertified,
            course=course,
            cohort=None,
            title="x",
            starts_at=timezone.now() + datetime.timedelta(days=1),
            duration_minutes=60,
            meeting_url="https://x.example.org",
        )
    assert caught.value.code == "not_certified"

    coordinator = MembershipFactory(
        organisation=OrganisationFactory(region=setup["trainer"].region), role="coordinator"
    ).user
    client.force_login(coordinator)
    profile = setup["trainer"].trainer_profile
    response = client.post(
        reverse("courses:region_trainers"),
        {"profile": profile.pk, "action": "suspend", "reason": "Жалобы слушателей"},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.suspended_at and not profile.is_certified
    client.force_login(setup["trainer"])
    response = client.post(
        reverse("courses:webinar_new"),
        {
            "title": "Новый",
            "course": course.pk,
            "starts_at": (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "meeting_url": "https://x.example.org",
        },
    )
    assert response.status_code == 200 and not Webinar.objects.exists()

    # A coordinator of another region cannot reinstate.
    other = MembershipFactory(
        organisation=OrganisationFactory(region=RegionFactory(code="KZ-75")), role="coordinator"
    ).user
    with pytest.raises(CourseError):
        services.trainer_reinstate(profile=profile, actor=other)
    services.trainer_reinstate(profile=profile, actor=coordinator)
    assert profile.is_certified


def test_a_trainer_is_refused_another_trainers_roster_and_webinar(client, setup):
    webinar = builders.webinar(
        trainer_user=setup["trainer"], course=setup["course"], cohort=setup["cohort"]
    )
    other = builders.trainer(region=setup["trainer"].region)
    client.force_login(other)
    for name in ("webinar_attendance", "webinar_edit"):
        assert client.get(reverse(f"courses:{name}", args=[webinar.pk])).status_code == 403
    assert client.post(reverse("courses:webinar_cancel", args=[webinar.pk])).status_code == 403
    client.force_login(setup["learner"])
    assert client.get(reverse("courses:trainer_dashboard")).status_code == 403
    assert client.get(reverse("courses:region_trainers")).status_code == 403


def test_only_the_course_and_cohort_learners_register_and_places_hold(setup):
    webinar = builders.webinar(
        trainer_user=setup["trainer"], course=setup["course"], cohort=setup["cohort"], capacity=1
    )
    with pytest.raises(CourseError) as caught:
        services.webinar_register(webinar=webinar, user=UserFactory())
    assert caught.value.code == "not_enrolled"
    services.webinar_register(webinar=webinar, user=setup["learner"])
    services.webinar_register(webinar=webinar, user=setup["learner"])  # twice: once
    second = builders.learner_in(setup["cohort"])
    with pytest.raises(CourseError) as caught:
        services.webinar_register(webinar=webinar, user=second)
    assert caught.value.code == "full"


def test_join_link_only_for_registered_people_shortly_before(client, setup):
    webinar = builders.webinar(
        trainer_user=setup["trainer"],
        course=setup["course"],
        cohort=setup["cohort"],
        starts_at=timezone.now() + datetime.timedelta(minutes=10),
    )
    url = reverse("courses:webinar", args=[webinar.pk])
    client.force_login(setup["learner"])
    assert webinar.meeting_url not in client.get(url).content.decode()
    client.post(reverse("courses:webinar_register", args=[webinar.pk]))
    assert webinar.meeting_url in client.get(url).content.decode()
    Webinar.objects.filter(pk=webinar.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=2)
    )
    assert webinar.meeting_url not in client.get(url).content.decode()  # too early
    client.logout()
    assert webinar.meeting_url not in client.get(url).content.decode()


# --- Attendance and completion ----------------------------------------------------------


def _held(setup, **fields) -> Webinar:
    return builders.webinar(
        trainer_user=setup["trainer"],
        course=setup["course"],
        cohort=setup["cohort"],
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        **fields,
    )


def _finish_lessons(setup) -> Enrolment:
    for lesson in LessonPage.objects.descendant_of(setup["course"]):
        course_services.lesson_complete(user=setup["learner"], lesson=lesson)
    return Enrolment.objects.get(user=setup["learner"], course=setup["course"])


def test_sixty_percent_does_not_count_where_seventy_five_is_required(setup):
    enrolment = _finish_lessons(setup)
    webinar = _held(setup)
    services.attendance_mark(
        webinar=webinar, actor=setup["trainer"], marks={setup["learner"].pk: 36}
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    services.attendance_mark(
        webinar=webinar, actor=setup["trainer"], marks={setup["learner"].pk: 45}
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_attendance_by_roster_form_completes_the_course_and_records_trainer_hours(client, setup):
    from lms.hours import api as hours

    enrolment = _finish_lessons(setup)
    webinar = _held(setup)
    client.force_login(setup["trainer"])
    url = reverse("courses:webinar_attendance", args=[webinar.pk])
    assert setup["learner"].full_name in client.get(url).content.decode()
    learner = setup["learner"].pk
    response = client.post(
        url, {"action": "mark", f"present-{learner}": "on", f"minutes-{learner}": "60"}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert Attendance.objects.get().minutes == 60
    assert hours.confirmed_minutes(setup["trainer"].pk) == 60
    client.post(url, {"action": "mark", f"present-{learner}": "on", f"minutes-{learner}": "50"})
    assert hours.confirmed_minutes(setup["trainer"].pk) == 60  # delivered once, recorded once


def test_attendance_before_the_start_and_off_roster_are_refused(setup):
    future = builders.webinar(
        trainer_user=setup["trainer"], course=setup["course"], cohort=setup["cohort"]
    )
    with pytest.raises(CourseError):
        services.attendance_mark(
            webinar=future, actor=setup["trainer"], marks={setup["learner"].pk: 30}
        )
    held = _held(setup)
    with pytest.raises(CourseError) as caught:
        services.attendance_mark(webinar=held, actor=setup["trainer"], marks={UserFactory().pk: 30})
    assert caught.value.code == "not_on_roster"
    assert not Attendance.objects.exists()


# --- Certification by the trainer-training course ---------------------------------------


def test_graduates_of_the_trainer_training_become_certified(
    home, django_capture_on_commit_callbacks
):
    course = course_builders.course(home, lessons=1, trains_trainers=True)
    region = RegionFactory(code="KZ-79")
    user = UserFactory(region=region)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.enrolment_create(user=user, course=course)
        course_services.lesson_complete(user=user, lesson=LessonPage.objects.child_of(course).get())
    profile = user.trainer_profile
    assert profile.is_certified and profile.certified_by_course_id == course.pk
    assert list(profile.regions.all()) == [region]
    assert CoursePage.objects.get(pk=course.pk).trains_trainers


def test_beat_runs_the_reminders_every_five_minutes():
    from lms.celery import app

    entry = app.conf.beat_schedule["courses.webinar-reminders"]
    assert entry["task"] == tasks.send_webinar_reminders.name
    assert entry["schedule"] == 300.0


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
def test_places_hold_under_concurrent_registrations(committed_site_tree):
    trainer = builders.trainer()
    course = builders.course_with_webinars(committed_site_tree.home["ru"], lessons=1)
    cohort = builders.cohort(course, trainer_user=trainer)
    webinar = builders.webinar(trainer_user=trainer, course=course, cohort=cohort, capacity=2)
    learners = [builders.learner_in(cohort) for _ in range(5)]
    outcomes = []

    def register(user):
        try:
            services.webinar_register(webinar=webinar, user=user)
            outcomes.append("ok")
        except CourseError as error:
            outcomes.append(error.code)

    assert run_together(register, [(user,) for user in learners]) == []
    assert sorted(outcomes) == ["full", "full", "full", "ok", "ok"]
    assert webinar.registrations.count() == 2


def test_no_attendance_or_hours_for_a_cancelled_webinar(setup):
    from lms.hours import api as hours

    webinar = _held(setup)
    Webinar.objects.filter(pk=webinar.pk).update(status=Webinar.Status.CANCELLED)
    webinar.refresh_from_db()
    with pytest.raises(CourseError) as caught:
        services.attendance_mark(
            webinar=webinar, actor=setup["trainer"], marks={setup["learner"].pk: 60}
        )
    assert caught.value.code == "cancelled"
    held = _held(setup)
    services.attendance_mark(
        webinar=held, actor=setup["trainer"], marks={setup["learner"].pk: None}
    )
    assert hours.confirmed_minutes(setup["trainer"].pk) == 0  # nobody came: nothing delivered


def test_a_suspended_trainer_cannot_change_their_webinars(setup):
    webinar = _held(setup)
    setup["trainer"].trainer_profile.suspended_at = timezone.now()
    setup["trainer"].trainer_profile.save()
    with pytest.raises(CourseError) as caught:
        services.attendance_mark(
            webinar=webinar, actor=setup["trainer"], marks={setup["learner"].pk: 60}
        )
    assert caught.value.code == "suspended"


def test_a_cohorts_webinar_is_not_public_but_an_open_event_is(client, setup):
    closed = builders.webinar(
        trainer_user=setup["trainer"],
        course=setup["course"],
        cohort=setup["cohort"],
        materials="https://example.org/private-notes",
    )
    open_event = builders.webinar(trainer_user=setup["trainer"], course=setup["course"])
    for url in (
        reverse("courses:webinar", args=[closed.pk]),
        reverse("courses:webinar_ics", args=[closed.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("courses:webinar", args=[open_event.pk])).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("courses:webinar", args=[closed.pk])).status_code == 404
    client.force_login(setup["learner"])
    page = client.get(reverse("courses:webinar", args=[closed.pk])).content.decode()
    assert "private-notes" in page


def test_a_late_registrant_is_reminded_of_today_not_tomorrow(setup, mailoutbox):
    # A zone where it is not yet 21:00, so two hours ahead is still the same local day (the
    # zones' offsets span more than a day, so one always fits).
    learner = setup["learner"]
    learner.time_zone = next(
        name
        for name in ("Pacific/Kiritimati", "Asia/Almaty", "Europe/Moscow", "Pacific/Honolulu")
        if timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(name)).hour < 21
    )
    learner.save()
    webinar = builders.webinar(
        trainer_user=setup["trainer"],
        course=setup["course"],
        cohort=setup["cohort"],
        starts_at=timezone.now() + datetime.timedelta(hours=2),
    )
    services.webinar_register(webinar=webinar, user=setup["learner"])
    assert tasks.send_webinar_reminders() == 1
    assert mailoutbox[0].subject.endswith(f"Сегодня: {webinar.title}")
