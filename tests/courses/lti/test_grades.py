"""Completion goes back to the partner platform as a score (Assignment and Grade Services).

The platform runs in a thread; its token endpoint checks our client assertion against our
JWKS, fetched over HTTP from the live server."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from courses import services as course_services
from courses.lti import selectors, services, tasks
from courses.lti.models import GradeSync, Identity, ToolKey
from courses.models import ContentPackage, Enrolment, LessonPage, PackageAttempt, QuizAttempt
from lms.celery import BACKOFF_MAX, backoff
from tests.courses import builders
from tests.factories import UserFactory

from .conftest import do_launch, register
from .platform import AGS, CLAIM, SCORE_SCOPE, PartnerPlatform

pytestmark = pytest.mark.xdist_group("lti-live")


@pytest.fixture
def live_partner(live_server):
    platform = PartnerPlatform()
    platform.tool_jwks_url = f"{live_server.url}/lti/jwks/"
    platform.start()
    yield platform
    platform.stop()


@pytest.fixture
def live_course(committed_site_tree):
    return builders.course(committed_site_tree.home["ru"], lessons=2)


def _launch_and_complete(partner, course, **claims):
    register(partner)
    client = Client()
    response, _token, _state = do_launch(client, partner, course.pk, **claims)
    assert response.status_code == 302
    user = Identity.objects.get().user
    for lesson in LessonPage.objects.descendant_of(course).order_by("path"):
        course_services.lesson_complete(user=user, lesson=lesson)
    assert Enrolment.objects.get(user=user, course=course).completed_at is not None
    return user


def test_completion_is_posted_back_as_a_score(live_partner, live_course):
    _launch_and_complete(live_partner, live_course)

    assert live_partner.token_errors == []
    assert len(live_partner.scores) == 1
    posted = live_partner.scores[0]
    assert posted["path"] == "/lineitems/1/scores"
    assert posted["content_type"] == "application/vnd.ims.lis.v1.score+json"
    token = posted["authorization"].removeprefix("Bearer ")
    assert token in live_partner.tokens
    body = posted["body"]
    assert body["userId"] == "learner-1"
    assert body["scoreGiven"] == 100 and body["scoreMaximum"] == 100
    assert body["activityProgress"] == "Completed"
    assert body["gradingProgress"] == "FullyGraded"
    assert body["timestamp"].startswith(str(timezone.now().year))
    # The client assertion was signed with our current key, found in our JWKS.
    (assertion,) = live_partner.assertions
    assert assertion["kid"] == ToolKey.objects.get(retired_at__isnull=True).kid
    assert assertion["iss"] == assertion["sub"] == live_partner.client_id
    row = GradeSync.objects.get()
    assert row.status == GradeSync.Status.SENT and row.tries == 1 and row.sent_at

    # Safe to run twice: a sent score is not sent again.
    assert tasks.post_score(row.pk) == "skipped"
    assert len(live_partner.scores) == 1


def test_score_is_retried_after_the_platform_was_down(live_partner, live_course):
    register(live_partner)
    client = Client()
    assert do_launch(client, live_partner, live_course.pk)[0].status_code == 302
    live_partner.stop()  # the platform goes down before the learner finishes
    user = Identity.objects.get().user
    for lesson in LessonPage.objects.descendant_of(live_course).order_by("path"):
        course_services.lesson_complete(user=user, lesson=lesson)

    row = GradeSync.objects.get()
    assert row.status == GradeSync.Status.PENDING
    assert row.tries == 1 and row.last_error
    assert live_partner.scores == []

    live_partner.start()
    # The periodic resend picks up a score last tried longer ago than the longest delay.
    GradeSync.objects.update(last_try_at=timezone.now() - timedelta(minutes=20))
    assert tasks.resend_pending() == 1
    row.refresh_from_db()
    assert row.status == GradeSync.Status.SENT and row.tries == 2
    assert [s["body"]["userId"] for s in live_partner.scores] == ["learner-1"]


def test_a_platform_refusal_is_recorded_and_not_retried(live_partner, live_course):
    register(live_partner)
    assert do_launch(Client(), live_partner, live_course.pk)[0].status_code == 302
    live_partner.status = 400
    user = Identity.objects.get().user
    for lesson in LessonPage.objects.descendant_of(live_course).order_by("path"):
        course_services.lesson_complete(user=user, lesson=lesson)
    row = GradeSync.objects.get()
    assert row.status == GradeSync.Status.FAILED and "400" in row.last_error
    GradeSync.objects.update(last_try_at=timezone.now() - timedelta(minutes=20))
    assert tasks.resend_pending() == 0


def test_without_a_line_item_nothing_is_posted(live_partner, live_course):
    _launch_and_complete(live_partner, live_course, **{AGS: {"scope": [SCORE_SCOPE]}})
    assert live_partner.scores == []
    assert GradeSync.objects.get().status == GradeSync.Status.WAITING


def test_a_completed_learner_launching_again_gets_the_score_sent(live_partner, live_course):
    register(live_partner)
    client = Client()
    assert do_launch(client, live_partner, live_course.pk)[0].status_code == 302
    user = Identity.objects.get().user
    for lesson in LessonPage.objects.descendant_of(live_course).order_by("path"):
        course_services.lesson_complete(user=user, lesson=lesson)
    assert len(live_partner.scores) == 1
    # A second link (another line item) in the partner's course, launched after completion.
    response, _token, _state = do_launch(
        client,
        live_partner,
        live_course.pk,
        **{
            CLAIM + "resource_link": {"id": "link-2"},
            AGS: {"scope": [SCORE_SCOPE], "lineitem": live_partner.lineitem(2)},
        },
    )
    assert response.status_code == 302
    assert [s["path"] for s in live_partner.scores] == [
        "/lineitems/1/scores",
        "/lineitems/2/scores",
    ]


def test_course_score_is_the_mean_of_the_best_quiz_scores(db, site_tree):
    course = builders.course(site_tree.home["ru"], lessons=2)
    first, second = LessonPage.objects.descendant_of(course).order_by("path")
    enrolment = Enrolment.objects.create(user=UserFactory(), course=course, source="self")
    assert selectors.course_score(enrolment_id=enrolment.pk) == Decimal(100)
    for lesson, quiz_id, score in [
        (first, "q1", 40),
        (first, "q1", 90),
        (second, "q2", 70),
        (second, "q3", 65),
    ]:
        QuizAttempt.objects.create(
            enrolment=enrolment, lesson=lesson, quiz_id=quiz_id, score=score, passed=score >= 60
        )
    assert selectors.course_score(enrolment_id=enrolment.pk) == Decimal("75.00")
    # A scored learning package (SCORM, H5P) counts as one more score; an unscored one not.
    package = ContentPackage.objects.create(title="Пакет", kind="scorm12", launch="index.html")
    PackageAttempt.objects.create(
        enrolment=enrolment, lesson=first, block_id="b1", package=package, score=56.0
    )
    PackageAttempt.objects.create(
        enrolment=enrolment, lesson=second, block_id="b2", package=package
    )
    assert selectors.course_score(enrolment_id=enrolment.pk) == Decimal("70.25")


def test_nothing_happens_for_people_who_never_came_through_lti(
    db, site_tree, django_capture_on_commit_callbacks
):
    course = builders.course(site_tree.home["ru"], lessons=1)
    user = UserFactory()
    course_services.enrolment_create(user=user, course=course)
    lesson = LessonPage.objects.descendant_of(course).get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        course_services.lesson_complete(user=user, lesson=lesson)
    assert callbacks  # the completion was announced
    assert not GradeSync.objects.exists()
    assert services.pending_for_resend() == []


def test_a_worker_retries_with_backoff_while_the_platform_is_down(monkeypatch):
    from celery.exceptions import Retry

    asked = []

    def retry(countdown):
        asked.append(countdown)
        return Retry(when=countdown)

    monkeypatch.setattr(services, "grade_sync_send", lambda pk: services.Outcome.RETRY)
    monkeypatch.setattr(tasks.post_score, "retry", retry)
    # A worker's run (not eager), on its third try.
    tasks.post_score.push_request(is_eager=False, retries=2)
    try:
        with pytest.raises(Retry):
            tasks.post_score.run(1)
    finally:
        tasks.post_score.pop_request()
    assert asked == [120]
    # The last try gives up (the periodic resend takes over); eager runs never wait.
    for request in ({"is_eager": False, "retries": 10}, {"is_eager": True, "retries": 0}):
        tasks.post_score.push_request(**request)
        try:
            assert tasks.post_score.run(1) == "retry"
        finally:
            tasks.post_score.pop_request()
    assert asked == [120]
    assert backoff(10) == BACKOFF_MAX
