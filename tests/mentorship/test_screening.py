"""A mentor can be matched only when every required screening step is done and unexpired and
the training course is completed; the police-record certificate's expiry."""

import datetime

import pytest

from mentorship import selectors, services
from mentorship.models import Match, Mentor, ScreeningCheck, Step
from tests.mentorship.factories import (
    TODAY,
    MenteeFactory,
    MentorFactory,
    ProgrammeFactory,
    coordinator_of,
    ready_mentor,
    screen,
)
from tests.mentorship.rules_helpers import (
    DAY,
    days,
    enrol,
    fast_passwords,  # noqa: F401 (autouse)
    propose,
    refused,
    start,
    training_course,
)

pytestmark = pytest.mark.django_db

PASSED, FAILED = ScreeningCheck.Outcome.PASSED, ScreeningCheck.Outcome.FAILED


def record(mentor, coordinator, step, *, outcome=PASSED, on, expires_on=None, today=TODAY):
    return services.screening_record(
        mentor_id=mentor.pk,
        actor=coordinator,
        step=step,
        outcome=outcome,
        done_on=on,
        expires_on=expires_on,
        today=today,
    )


def assert_refused_as_not_ready(programme, coordinator, mentor, *, today=TODAY):
    with refused("not_ready"):
        propose(programme, coordinator, mentor, today=today)
    assert not Match.objects.filter(mentor=mentor).exists()
    assert not selectors.mentor_readiness(mentor=mentor, today=today).ready


def assert_matched(programme, coordinator, mentor, *, today=TODAY):
    assert selectors.mentor_readiness(mentor=mentor, today=today).ready
    match = propose(programme, coordinator, mentor, today=today)
    assert match.status == Match.Status.PROPOSED
    return match


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def coordinator(programme):
    return coordinator_of(programme)


def test_a_screened_mentor_is_matched(programme, coordinator):
    assert_matched(programme, coordinator, ready_mentor(programme))


def test_an_applicant_with_nothing_recorded_is_refused(programme, coordinator):
    mentor = MentorFactory(programme=programme)
    assert_refused_as_not_ready(programme, coordinator, mentor)
    state = selectors.mentor_readiness(mentor=mentor, today=TODAY)
    assert {step.step for step in state.missing} == set(Step.values)


@pytest.mark.parametrize("missing", Step.values)
def test_each_required_step_missing_refuses_the_match(programme, coordinator, missing):
    mentor = screen(
        MentorFactory(programme=programme), steps=[s for s in Step.values if s != missing]
    )
    assert_refused_as_not_ready(programme, coordinator, mentor)
    state = selectors.mentor_readiness(mentor=mentor, today=TODAY)
    assert [step.step for step in state.missing] == [missing]


@pytest.mark.parametrize("step", Step.values)
def test_a_failed_latest_record_refuses_the_match(programme, coordinator, step):
    mentor = ready_mentor(programme)
    record(mentor, coordinator, step, outcome=FAILED, on=TODAY - days(5))
    assert_refused_as_not_ready(programme, coordinator, mentor)
    (state,) = selectors.mentor_readiness(mentor=mentor, today=TODAY).missing
    assert state.step == step and state.failed and not state.done


def test_a_passed_record_after_a_failed_one_counts(programme, coordinator):
    mentor = ready_mentor(programme)
    record(mentor, coordinator, Step.REFERENCES, outcome=FAILED, on=TODAY - days(10))
    assert_refused_as_not_ready(programme, coordinator, mentor)
    record(mentor, coordinator, Step.REFERENCES, outcome=PASSED, on=TODAY - days(2))
    assert_matched(programme, coordinator, mentor)


def test_the_latest_record_is_the_latest_date_not_the_last_recorded(programme, coordinator):
    """A coordinator who enters an old failed interview after a newer passed one does not undo
    the newer one; entering a newer failed one does."""
    mentor = ready_mentor(programme)  # everything passed 60 days ago
    record(mentor, coordinator, Step.INTERVIEW, outcome=FAILED, on=TODAY - days(90))
    assert_matched(programme, coordinator, mentor)


def test_the_latest_of_two_records_on_one_day_is_the_last_recorded(programme, coordinator):
    mentor = ready_mentor(programme)
    on = TODAY - days(3)
    record(mentor, coordinator, Step.INTERVIEW, outcome=PASSED, on=on)
    record(mentor, coordinator, Step.INTERVIEW, outcome=FAILED, on=on)
    assert_refused_as_not_ready(programme, coordinator, mentor)


def test_a_police_record_that_expired_yesterday_refuses_and_one_expiring_today_does_not(
    programme, coordinator
):
    mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.REFERENCES])
    record(mentor, coordinator, Step.POLICE_RECORD, on=TODAY - days(365), expires_on=TODAY)
    assert_matched(programme, coordinator, mentor, today=TODAY)
    Match.objects.filter(mentor=mentor).delete()
    assert_refused_as_not_ready(programme, coordinator, mentor, today=TODAY + DAY)
    (state,) = selectors.mentor_readiness(mentor=mentor, today=TODAY + DAY).missing
    assert state.step == Step.POLICE_RECORD and state.expired and state.done


def test_the_refusal_says_which_step_expired(programme, coordinator):
    mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.REFERENCES])
    record(mentor, coordinator, Step.POLICE_RECORD, on=TODAY - days(400), expires_on=TODAY - DAY)
    with refused("not_ready") as info:
        propose(programme, coordinator, mentor)
    assert str(Step.POLICE_RECORD.label) in info.value.message


def test_a_newer_passed_record_replaces_an_expired_one(programme, coordinator):
    mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.REFERENCES])
    record(mentor, coordinator, Step.POLICE_RECORD, on=TODAY - days(400), expires_on=TODAY - DAY)
    assert_refused_as_not_ready(programme, coordinator, mentor)
    record(mentor, coordinator, Step.POLICE_RECORD, on=TODAY - days(1))
    assert_matched(programme, coordinator, mentor)
    assert not selectors.expiring_checks(programme=programme, today=TODAY).exists()


def test_an_expired_reference_refuses_too(programme, coordinator):
    """Any step recorded with an expiry date counts only until then, not only the police
    record."""
    mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.POLICE_RECORD])
    record(mentor, coordinator, Step.REFERENCES, on=TODAY - days(100), expires_on=TODAY - DAY)
    assert_refused_as_not_ready(programme, coordinator, mentor)


class TestTrainingCourse:
    @pytest.fixture
    def course(self, site_tree):
        return training_course(site_tree, title="Наставничество: основы")

    @pytest.fixture
    def programme(self, course):
        return ProgrammeFactory(training_course=course)

    def test_not_enrolled_is_refused(self, programme, coordinator):
        mentor = ready_mentor(programme)
        assert_refused_as_not_ready(programme, coordinator, mentor)
        (state,) = selectors.mentor_readiness(mentor=mentor, today=TODAY).missing
        assert state.step == selectors.TRAINING
        assert "Наставничество: основы" in state.label

    def test_enrolled_but_not_completed_is_refused(self, programme, coordinator, course):
        mentor = ready_mentor(programme)
        enrol(mentor.user, course)
        assert_refused_as_not_ready(programme, coordinator, mentor)

    def test_completed_is_allowed(self, programme, coordinator, course):
        mentor = ready_mentor(programme)
        enrol(mentor.user, course, completed_on=TODAY - days(20))
        assert_matched(programme, coordinator, mentor)
        (training,) = [
            s
            for s in selectors.mentor_readiness(mentor=mentor, today=TODAY).steps
            if s.step == selectors.TRAINING
        ]
        assert training.done_on == TODAY - days(20)

    def test_another_course_completed_does_not_count(self, programme, coordinator, site_tree):
        mentor = ready_mentor(programme)
        enrol(mentor.user, training_course(site_tree), completed_on=TODAY - days(20))
        assert_refused_as_not_ready(programme, coordinator, mentor)

    def test_someone_else_completing_it_does_not_count(self, programme, coordinator, course):
        mentor = ready_mentor(programme)
        enrol(ready_mentor(programme).user, course, completed_on=TODAY - days(20))
        assert_refused_as_not_ready(programme, coordinator, mentor)

    def test_ready_mentors_and_pipeline_agree(self, programme, course):
        trained = ready_mentor(programme)
        enrol(trained.user, course, completed_on=TODAY - days(20))
        untrained = ready_mentor(programme)
        assert selectors.ready_mentors(programme=programme, today=TODAY) == [trained]
        counts = selectors.pipeline(programme=programme, today=TODAY)
        assert (counts.ready, counts.screening) == (1, 1)
        assert untrained.pk in selectors.readiness_many(
            programme=programme,
            mentors=list(selectors.with_latest_checks(Mentor.objects.filter(pk=untrained.pk))),
            today=TODAY,
        )


class TestStepsSwitchedOff:
    def test_only_the_required_steps_count(self):
        programme = ProgrammeFactory(requires_interview=False, requires_references=False)
        coordinator = coordinator_of(programme)
        mentor = screen(MentorFactory(programme=programme), steps=[Step.POLICE_RECORD])
        # A failed record of a step the programme does not ask for does not matter either.
        ScreeningCheck.objects.create(
            mentor=mentor, step=Step.INTERVIEW, outcome=FAILED, done_on=TODAY - DAY
        )
        assert [s.step for s in selectors.mentor_readiness(mentor=mentor, today=TODAY).steps] == [
            Step.POLICE_RECORD
        ]
        assert_matched(programme, coordinator, mentor)

    def test_a_programme_without_requirements_matches_an_applicant(self):
        programme = ProgrammeFactory(
            requires_interview=False, requires_references=False, requires_police_record=False
        )
        coordinator = coordinator_of(programme)
        assert_matched(programme, coordinator, MentorFactory(programme=programme))

    def test_switching_a_step_on_again_refuses(self):
        programme = ProgrammeFactory(requires_references=False)
        coordinator = coordinator_of(programme)
        mentor = screen(
            MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.POLICE_RECORD]
        )
        assert selectors.mentor_readiness(mentor=mentor, today=TODAY).ready
        programme.requires_references = True
        programme.save()
        mentor.refresh_from_db()
        assert_refused_as_not_ready(programme, coordinator, mentor)


class TestMentorStatus:
    def test_a_declined_mentor_is_refused(self, programme, coordinator):
        mentor = ready_mentor(programme)
        services.mentor_decline(mentor_id=mentor.pk, actor=coordinator, reason="Не подходит")
        with refused("mentor"):
            propose(programme, coordinator, mentor)
        assert not Match.objects.exists()

    def test_a_withdrawn_mentor_is_refused(self, programme, coordinator):
        mentor = ready_mentor(programme)
        services.mentor_withdraw(mentor_id=mentor.pk, actor=mentor.user)
        with refused("mentor"):
            propose(programme, coordinator, mentor)
        assert not Match.objects.exists()

    def test_a_mentor_of_another_programme_is_refused(self, programme, coordinator):
        mentor = ready_mentor(ProgrammeFactory())
        with refused("programme"):
            propose(programme, coordinator, mentor)

    def test_a_child_of_another_programme_is_refused(self, programme, coordinator):
        mentor = ready_mentor(programme)
        with refused("programme"):
            propose(programme, coordinator, mentor, MenteeFactory())

    def test_an_inactive_child_is_refused(self, programme, coordinator):
        mentor = ready_mentor(programme)
        with refused("programme"):
            propose(
                programme, coordinator, mentor, MenteeFactory(programme=programme, is_active=False)
            )

    def test_a_declined_mentor_gets_no_new_screening_record(self, programme, coordinator):
        mentor = ready_mentor(programme)
        services.mentor_decline(mentor_id=mentor.pk, actor=coordinator, reason="Не подходит")
        before = ScreeningCheck.objects.count()
        with refused("decided"):
            record(mentor, coordinator, Step.INTERVIEW, on=TODAY)
        assert ScreeningCheck.objects.count() == before


class TestStartRechecks:
    def test_a_certificate_that_expired_between_proposal_and_start_refuses_the_start(
        self, programme, coordinator
    ):
        mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.REFERENCES])
        record(
            mentor,
            coordinator,
            Step.POLICE_RECORD,
            on=TODAY - days(400),
            expires_on=TODAY - days(3),
            today=TODAY - days(10),
        )
        match = propose(programme, coordinator, mentor, today=TODAY - days(10))
        with refused("not_ready"):
            start(match, coordinator, on=TODAY, today=TODAY)
        match.refresh_from_db()
        assert match.status == Match.Status.PROPOSED and match.started_on is None

    def test_a_start_after_the_certificate_expires_is_refused(self, programme, coordinator):
        mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.REFERENCES])
        record(
            mentor,
            coordinator,
            Step.POLICE_RECORD,
            on=TODAY - days(300),
            expires_on=TODAY + days(5),
        )
        match = propose(programme, coordinator, mentor)
        with refused("not_ready"):
            services.match_start(
                match_id=match.pk,
                actor=coordinator,
                consent_by=Match.ConsentBy.GUARDIAN,
                consent_on=TODAY,
                started_on=TODAY + days(10),
                today=TODAY,
            )
        started = start(match, coordinator, on=TODAY, today=TODAY)
        assert started.status == Match.Status.ACTIVE

    def test_a_mentor_declined_after_the_proposal_cannot_be_started(self, programme, coordinator):
        mentor = ready_mentor(programme)
        match = propose(programme, coordinator, mentor)
        Mentor.objects.filter(pk=mentor.pk).update(
            status=Mentor.Status.DECLINED, decline_reason="x"
        )
        with refused("mentor"):
            start(match, coordinator)

    @pytest.mark.parametrize(
        ("changes", "code"),
        [
            ({"consent_by": ""}, "consent_by"),
            ({"consent_by": "neighbour"}, "consent_by"),
            ({"consent_on": None}, "consent_on"),
            ({"consent_on": TODAY + DAY}, "consent_on"),
            ({"started_on": TODAY - DAY}, "started_on"),
            ({"started_on": TODAY + days(32)}, "started_on"),
        ],
    )
    def test_a_start_needs_the_consent(self, programme, coordinator, changes, code):
        match = propose(programme, coordinator, ready_mentor(programme))
        values = {
            "consent_by": Match.ConsentBy.INSTITUTION,
            "consent_on": TODAY,
            "started_on": TODAY,
        } | changes
        with refused(code):
            services.match_start(match_id=match.pk, actor=coordinator, today=TODAY, **values)
        match.refresh_from_db()
        assert match.status == Match.Status.PROPOSED
        assert (match.consent_by, match.consent_on, match.started_on) == ("", None, None)

    def test_a_started_match_keeps_the_consent_and_its_planned_end(self, programme, coordinator):
        programme.match_length_months = 12
        programme.save()
        match = propose(programme, coordinator, ready_mentor(programme))
        services.match_start(
            match_id=match.pk,
            actor=coordinator,
            consent_by=Match.ConsentBy.GUARDIAN,
            consent_on=datetime.date(2026, 2, 27),
            started_on=datetime.date(2026, 2, 28),
            consent_note="Опекун, письменно",
            today=datetime.date(2026, 3, 1),
        )
        match.refresh_from_db()
        assert match.status == Match.Status.ACTIVE
        assert match.consent_by == Match.ConsentBy.GUARDIAN
        assert match.consent_note == "Опекун, письменно"
        assert match.planned_end_on == datetime.date(2027, 2, 28)


class TestPoliceRecordExpiry:
    @pytest.mark.parametrize(
        ("months", "done_on", "expires_on"),
        [
            (12, datetime.date(2026, 3, 15), datetime.date(2027, 3, 15)),
            (6, datetime.date(2026, 8, 31), datetime.date(2027, 2, 28)),
            (6, datetime.date(2025, 8, 31), datetime.date(2026, 2, 28)),
            (1, datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
            (12, datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
            (48, datetime.date(2024, 2, 29), datetime.date(2028, 2, 29)),
            (3, datetime.date(2026, 10, 31), datetime.date(2027, 1, 31)),
            (2, datetime.date(2026, 10, 31), datetime.date(2026, 12, 31)),
        ],
    )
    def test_the_default_expiry_is_the_programmes_months_later(
        self, coordinator, programme, months, done_on, expires_on
    ):
        programme.police_record_valid_months = months
        programme.save()
        mentor = MentorFactory(programme=programme)
        check = record(mentor, coordinator, Step.POLICE_RECORD, on=done_on)
        assert check.expires_on == expires_on

    def test_the_certificates_own_expiry_is_kept(self, programme, coordinator):
        mentor = MentorFactory(programme=programme)
        check = record(
            mentor,
            coordinator,
            Step.POLICE_RECORD,
            on=TODAY - days(10),
            expires_on=TODAY + days(100),
        )
        assert check.expires_on == TODAY + days(100)

    def test_a_failed_certificate_gets_no_default_expiry(self, programme, coordinator):
        mentor = MentorFactory(programme=programme)
        check = record(mentor, coordinator, Step.POLICE_RECORD, outcome=FAILED, on=TODAY)
        assert check.expires_on is None

    def test_other_steps_get_no_default_expiry(self, programme, coordinator):
        mentor = MentorFactory(programme=programme)
        assert record(mentor, coordinator, Step.INTERVIEW, on=TODAY).expires_on is None

    def test_a_certificate_with_the_default_expiry_counts_through_its_last_day(
        self, programme, coordinator
    ):
        programme.police_record_valid_months = 12
        programme.save()
        mentor = screen(MentorFactory(programme=programme), steps=[Step.INTERVIEW, Step.REFERENCES])
        record(
            mentor,
            coordinator,
            Step.POLICE_RECORD,
            on=datetime.date(2025, 11, 24),
            today=datetime.date(2025, 11, 24),
        )
        assert selectors.mentor_readiness(mentor=mentor, today=TODAY).ready
        assert not selectors.mentor_readiness(mentor=mentor, today=TODAY + DAY).ready

    @pytest.mark.parametrize(
        ("expires_on", "done_on", "code"),
        [
            (TODAY - days(10), TODAY - days(10), "expires_on"),
            (TODAY - days(11), TODAY - days(10), "expires_on"),
            (None, TODAY + DAY, "done_on"),
        ],
    )
    def test_impossible_dates_are_refused(self, programme, coordinator, expires_on, done_on, code):
        mentor = MentorFactory(programme=programme)
        with refused(code):
            record(mentor, coordinator, Step.POLICE_RECORD, on=done_on, expires_on=expires_on)
        assert not ScreeningCheck.objects.exists()


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 30), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 4, 30)),
        (datetime.date(2026, 5, 31), 6, datetime.date(2026, 11, 30)),
        (datetime.date(2026, 12, 15), 1, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 11, 30), 14, datetime.date(2028, 1, 30)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2026, 7, 31), 0, datetime.date(2026, 7, 31)),
        (datetime.date(2026, 12, 31), 120, datetime.date(2036, 12, 31)),
    ],
)
def test_add_months(day, months, expected):
    assert services.add_months(day, months) == expected
