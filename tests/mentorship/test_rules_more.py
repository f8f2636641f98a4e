"""More of mentorship's rules: the programme's admin form (training course and its length),
a child's institution, a declined person applying again, the shared pipeline stages, and the
counts other apps read in one query."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.admin.panels import ObjectList

from mentorship import api, selectors, services
from mentorship.forms.admin import ProgrammeAdminForm
from mentorship.models import Match, Mentor, MentoringProgramme
from tests.factories import OrganisationFactory
from tests.mentorship.factories import (
    TODAY,
    InstitutionFactory,
    MentorFactory,
    ProgrammeFactory,
    active_match,
    coordinator_of,
)
from tests.mentorship.rules_helpers import (
    fast_passwords,  # noqa: F401 (autouse)
    refused,
    training_course,
)

pytestmark = pytest.mark.django_db


def _admin_form(**data):
    organisation = OrganisationFactory()
    fields = {
        "title": "Наставники",
        "organisation": organisation.pk,
        "description": "",
        "is_open": "on",
        "training_min_hours": "2",
        "requires_interview": "on",
        "police_record_valid_months": "12",
        "expiry_warning_days": "30",
        "meetings_per_month": "2",
        "match_length_months": "12",
        "checkins_first_month": "2",
        "checkin_interval_days": "30",
        "alert_after_days": "14",
        "session_hours": "pending",
        **data,
    }
    bound = ObjectList(MentoringProgramme.panels, base_form_class=ProgrammeAdminForm).bind_to_model(
        MentoringProgramme
    )
    return bound.get_form_class()(data=fields, instance=MentoringProgramme())


def test_admin_form_refuses_a_course_shorter_than_the_minimum_training(site_tree):
    short = training_course(site_tree, estimated_hours=Decimal("1.5"))
    form = _admin_form(training_course=short.pk, training_min_hours="2")
    assert not form.is_valid()
    assert "training_course" in form.errors

    long_enough = training_course(site_tree, estimated_hours=Decimal("2"))
    form = _admin_form(training_course=long_enough.pk, training_min_hours="2")
    assert form.is_valid(), form.errors


def test_admin_form_asks_for_a_course_when_training_is_required():
    form = _admin_form(training_min_hours="2")
    assert not form.is_valid()
    assert "training_course" in form.errors
    assert _admin_form(training_min_hours="0").is_valid()


@pytest.mark.parametrize("kind", ["ngo", "university", "front_office"])
def test_a_childs_institution_is_a_childrens_home_or_social_institution(kind):
    programme = ProgrammeFactory()
    coordinator = coordinator_of(programme)
    with refused("institution"):
        services.mentee_create(
            programme_id=programme.pk,
            actor=coordinator,
            age_band="10-13",
            institution_id=OrganisationFactory(kind=kind).pk,
        )
    mentee = services.mentee_create(
        programme_id=programme.pk,
        actor=coordinator,
        age_band="10-13",
        institution_id=InstitutionFactory().pk,
    )
    assert mentee.code


def test_a_declined_person_is_told_so_when_applying_again():
    mentor = MentorFactory(
        status=Mentor.Status.DECLINED, decline_reason="Нет справки", programme__is_open=True
    )
    with refused("declined"):
        services.mentor_apply(
            user=mentor.user, programme_id=mentor.programme_id, motivation="Снова", city="Алматы"
        )


def test_stages_follow_the_status_match_and_readiness():
    from mentorship.data import Readiness, StepState

    done = Readiness(steps=(StepState("interview", "", True, TODAY, None),))
    half = Readiness(
        steps=(
            StepState("interview", "", True, TODAY, None),
            StepState("references", "", False, None, None),
        )
    )
    none = Readiness(steps=(StepState("interview", "", False, None, None),))

    def stage(**kw):
        return selectors.stage_of(**{"status": "active", "open_match": False, **kw})

    assert stage(status="declined", readiness=done) == "declined"
    assert stage(status="withdrawn", readiness=done) == "withdrawn"
    assert stage(open_match=True, readiness=none) == "matched"
    assert stage(readiness=done) == "ready"
    assert stage(readiness=half) == "screening"
    assert stage(readiness=none, has_checks=True) == "screening"
    assert stage(readiness=none) == "applied"


def test_match_counts_take_a_fixed_number_of_queries():
    def counted():
        with CaptureQueriesContext(connection) as ctx:
            counts = api.match_counts(today=TODAY)
        return counts, len(ctx.captured_queries)

    active_match()
    small, small_queries = counted()
    for _ in range(3):
        active_match(started_on=TODAY - datetime.timedelta(days=3))
    big, big_queries = counted()
    assert (small.active, big.active) == (1, 4)
    assert small_queries == big_queries


def test_a_cancelled_match_is_closed_on_the_day_given():
    match = active_match()
    coordinator = coordinator_of(match.programme)
    services.match_close(
        match_id=match.pk,
        actor=coordinator,
        closure="planned",
        reason="term_ended",
        exit_note="Конец",
        closed_on=TODAY,
        today=TODAY,
    )
    proposal = services.match_propose(
        programme_id=match.programme_id,
        actor=coordinator,
        mentor_id=match.mentor_id,
        mentee_id=match.mentee_id,
        today=TODAY,
    )
    cancelled = services.match_cancel(
        match_id=proposal.pk, actor=coordinator, reason="Нет согласия", today=TODAY
    )
    assert (cancelled.status, cancelled.closed_on) == (Match.Status.CANCELLED, TODAY)
