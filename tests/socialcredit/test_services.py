"""Social credit's operations: a student applies, the host answers and names a supervisor, the
student logs shifts and the supervisor decides on them. Every refusal has its code and a
message, and changes nothing."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from lms.accounts.models import Membership
from lms.hours import api as hours_api
from lms.hours import services as hours_services
from lms.hours.models import HoursEntry
from lms.socialcredit import selectors, services
from lms.socialcredit.models import Participation, Placement
from lms.socialcredit.services import SocialCreditError
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.socialcredit.factories import (
    SHIFT_DAY,
    TODAY,
    ParticipationFactory,
    ProgrammeFactory,
    UniversityFactory,
    confirm,
    confirmed_shift,
    log_shift,
    placed_student,
    supervisor_at,
)
from tests.socialcredit.helpers import add_to_programme, open_programme, refused

pytestmark = pytest.mark.django_db


def _apply(programme, host, university, *, user=None, student_id="ST-0042", **fields):
    return services.placement_apply(
        user=user or UserFactory(),
        programme=programme,
        university=university,
        student_id=student_id,
        host=host,
        today=TODAY,
        **fields,
    )


def _application():
    """A student's unanswered application, with a supervisor at the host."""
    programme, host, university = open_programme()
    supervisor = supervisor_at(host)
    return _apply(programme, host, university), supervisor


# --- Applying --------------------------------------------------------------------------------


def test_a_student_applies_and_joins_the_programme_once():
    programme, host, university = open_programme()
    second_host = OrganisationFactory()
    add_to_programme(programme, hosts=[second_host])
    student = UserFactory()
    placement = _apply(
        programme,
        host,
        university,
        user=student,
        student_id="  ST \t 0042 ",
        motivation="  Хочу помогать пожилым людям.  ",
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.APPLIED
    assert placement.host == host and placement.supervisor is None
    assert placement.motivation == "Хочу помогать пожилым людям."
    participation = placement.participation
    assert (participation.user, participation.programme, participation.university) == (
        student,
        programme,
        university,
    )
    assert participation.student_id == "ST 0042"

    other = _apply(programme, second_host, university, user=student, student_id="ST 0042")
    assert other.participation_id == participation.pk
    assert Participation.objects.count() == 1
    assert Placement.objects.filter(participation=participation).count() == 2


def test_the_university_and_student_id_may_change_until_hours_are_confirmed():
    programme, host, university = open_programme()
    second_university, second_host, third_host = (
        UniversityFactory(),
        OrganisationFactory(),
        OrganisationFactory(),
    )
    add_to_programme(programme, hosts=[second_host, third_host], universities=[second_university])
    student = UserFactory()
    placement = _apply(programme, host, university, user=student, student_id="A-1")
    placement.status, placement.supervisor = Placement.Status.ACCEPTED, supervisor_at(host)
    placement.starts_on = programme.starts_on
    placement.save()
    log_shift(placement, minutes=60)  # waiting hours do not fix the university

    _apply(programme, second_host, second_university, user=student, student_id="B-2")
    participation = Participation.objects.get(user=student)
    assert (participation.university, participation.student_id) == (second_university, "B-2")

    confirm(log_shift(placement, minutes=60), placement)
    refused(
        SocialCreditError,
        "university_fixed",
        _apply,
        programme=programme,
        host=third_host,
        university=university,
        user=student,
        student_id="B-2",
    )
    refused(
        SocialCreditError,
        "university_fixed",
        _apply,
        programme=programme,
        host=third_host,
        university=second_university,
        user=student,
        student_id="C-3",
    )
    # The same university and ID still apply to another host.
    _apply(programme, third_host, second_university, user=student, student_id="B-2")
    assert Placement.objects.filter(participation=participation).count() == 3


def test_applications_are_refused_when_the_programme_is_closed():
    programme, host, university = open_programme()
    programme.is_open = False
    programme.save()
    refused(
        SocialCreditError,
        "closed",
        _apply,
        programme=programme,
        host=host,
        university=university,
    )
    ended, host, university = open_programme(ends_on=datetime.date(2026, 6, 30))
    refused(SocialCreditError, "closed", _apply, programme=ended, host=host, university=university)


def test_a_university_or_host_outside_the_programme_is_refused():
    programme, host, university = open_programme()
    elsewhere, _host, other_university = open_programme()
    for code, chosen_host, chosen_university in [
        ("university", host, other_university),
        ("university", host, UniversityFactory()),
        ("host", OrganisationFactory(), university),
        ("host", elsewhere.hosts.first(), university),
    ]:
        refused(
            SocialCreditError,
            code,
            _apply,
            programme=programme,
            host=chosen_host,
            university=chosen_university,
        )
    host.is_active = False
    host.save()
    refused(
        SocialCreditError, "host", _apply, programme=programme, host=host, university=university
    )


@pytest.mark.parametrize("student_id", ["", "   \t ", "1" * 41])
def test_an_empty_or_over_long_student_id_is_refused(student_id):
    programme, host, university = open_programme()
    refused(
        SocialCreditError,
        "student_id",
        _apply,
        programme=programme,
        host=host,
        university=university,
        student_id=student_id,
    )


def test_forty_characters_of_student_id_are_kept():
    programme, host, university = open_programme()
    placement = _apply(programme, host, university, student_id="7" * 40)
    assert placement.participation.student_id == "7" * 40


def test_an_over_long_motivation_is_refused():
    programme, host, university = open_programme()
    refused(
        SocialCreditError,
        "motivation_too_long",
        _apply,
        programme=programme,
        host=host,
        university=university,
        motivation="я" * (services.TEXT_MAX_LENGTH + 1),
    )


def test_an_anonymous_visitor_cannot_apply():
    programme, host, university = open_programme()
    refused(
        SocialCreditError,
        "forbidden",
        _apply,
        programme=programme,
        host=host,
        university=university,
        user=AnonymousUser(),
    )


def test_one_live_application_per_host_and_a_new_one_after_the_last_ended():
    programme, host, university = open_programme()
    student = UserFactory()
    first = _apply(programme, host, university, user=student, student_id="A-1")
    # Even with a new student ID, the second application changes nothing.
    refused(
        SocialCreditError,
        "duplicate",
        _apply,
        programme=programme,
        host=host,
        university=university,
        user=student,
        student_id="A-2",
    )
    services.placement_withdraw(placement_id=first.pk, actor=student)
    second = _apply(programme, host, university, user=student, student_id="A-1")
    supervisor = supervisor_at(host)
    services.placement_accept(placement_id=second.pk, actor=supervisor, supervisor=supervisor)
    refused(
        SocialCreditError,
        "duplicate",
        _apply,
        programme=programme,
        host=host,
        university=university,
        user=student,
        student_id="A-1",
    )
    services.placement_finish(placement_id=second.pk, actor=supervisor)
    third = _apply(programme, host, university, user=student, student_id="A-1")
    services.placement_decline(placement_id=third.pk, actor=supervisor, reason="Нет мест")
    _apply(programme, host, university, user=student, student_id="A-1")
    assert list(
        Placement.objects.filter(participation__user=student)
        .order_by("pk")
        .values_list("status", flat=True)
    ) == ["withdrawn", "finished", "declined", "applied"]


# --- The host's answer -----------------------------------------------------------------------


def test_the_host_accepts_and_names_a_supervisor():
    placement, supervisor = _application()
    coordinator = supervisor_at(placement.host, role=Membership.Role.COORDINATOR)
    services.placement_accept(
        placement_id=placement.pk,
        actor=coordinator,
        supervisor=supervisor,
        starts_on=datetime.date(2026, 10, 1),
    )
    placement.refresh_from_db()
    assert placement.status == Placement.Status.ACCEPTED
    assert placement.supervisor == supervisor
    assert placement.starts_on == datetime.date(2026, 10, 1)
    assert placement.decided_by == coordinator and placement.decided_at is not None


def test_the_practice_starts_today_unless_the_host_says_otherwise():
    placement, supervisor = _application()
    services.placement_accept(placement_id=placement.pk, actor=supervisor, supervisor=supervisor)
    placement.refresh_from_db()
    programme = placement.participation.programme
    assert placement.starts_on == max(timezone.localdate(), programme.starts_on)


def test_an_administrator_may_answer_for_the_host():
    placement, supervisor = _application()
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.placement_accept(placement_id=placement.pk, actor=admin, supervisor=supervisor)
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.ACCEPTED


@pytest.mark.parametrize(
    "who",
    [
        "stranger",
        "supervisor elsewhere",
        "programme coordinator",
        "mentor at the host",
        "university officer",
        "anonymous",
    ],
)
def test_only_host_staff_answer_an_application(who):
    placement, supervisor = _application()
    programme = placement.participation.programme
    actor = {
        "stranger": UserFactory,
        "supervisor elsewhere": lambda: supervisor_at(OrganisationFactory()),
        "programme coordinator": lambda: supervisor_at(
            programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR
        ),
        "mentor at the host": lambda: supervisor_at(placement.host, role=Membership.Role.MENTOR),
        "university officer": lambda: supervisor_at(
            placement.participation.university, role=Membership.Role.UNIVERSITY
        ),
        "anonymous": AnonymousUser,
    }[who]()
    refused(
        SocialCreditError,
        "forbidden",
        services.placement_accept,
        placement_id=placement.pk,
        actor=actor,
        supervisor=supervisor,
    )
    refused(
        SocialCreditError,
        "forbidden",
        services.placement_decline,
        placement_id=placement.pk,
        actor=actor,
        reason="Нет мест",
    )


def test_the_student_never_answers_their_own_application():
    placement, supervisor = _application()
    student = placement.participation.user
    refused(
        SocialCreditError,
        "own",
        services.placement_accept,
        placement_id=placement.pk,
        actor=student,
        supervisor=supervisor,
    )
    # Not even when they are a supervisor at the host themselves.
    MembershipFactory(user=student, organisation=placement.host, role=Membership.Role.SUPERVISOR)
    for call, extra in [
        (services.placement_accept, {"supervisor": supervisor}),
        (services.placement_decline, {"reason": "Передумала"}),
    ]:
        refused(SocialCreditError, "own", call, placement_id=placement.pk, actor=student, **extra)


def test_the_supervisor_must_be_host_staff_and_not_the_student():
    placement, supervisor = _application()
    student = placement.participation.user
    MembershipFactory(user=student, organisation=placement.host, role=Membership.Role.SUPERVISOR)
    gone = supervisor_at(placement.host, is_active=False)
    for named in [
        None,
        UserFactory(),
        supervisor_at(OrganisationFactory()),
        supervisor_at(placement.host, role=Membership.Role.MENTOR),
        gone,
        student,
    ]:
        refused(
            SocialCreditError,
            "supervisor",
            services.placement_accept,
            placement_id=placement.pk,
            actor=supervisor,
            supervisor=named,
        )


@pytest.mark.parametrize("starts_on", [datetime.date(2025, 12, 31), datetime.date(2027, 1, 1)])
def test_the_practice_starts_within_the_programme(starts_on):
    placement, supervisor = _application()
    refused(
        SocialCreditError,
        "starts_on",
        services.placement_accept,
        placement_id=placement.pk,
        actor=supervisor,
        supervisor=supervisor,
        starts_on=starts_on,
    )


def test_an_answered_application_is_not_answered_again():
    placement, supervisor = _application()
    services.placement_decline(placement_id=placement.pk, actor=supervisor, reason="Нет мест")
    withdrawn, other_supervisor = _application()
    services.placement_withdraw(placement_id=withdrawn.pk, actor=withdrawn.participation.user)
    accepted = placed_student()
    for answered, actor in [
        (placement, supervisor),
        (withdrawn, other_supervisor),
        (accepted, accepted.supervisor),
    ]:
        refused(
            SocialCreditError,
            "decided",
            services.placement_accept,
            placement_id=answered.pk,
            actor=actor,
            supervisor=actor,
        )
        refused(
            SocialCreditError,
            "decided",
            services.placement_decline,
            placement_id=answered.pk,
            actor=actor,
            reason="Передумали",
        )


def test_an_unknown_placement_is_not_found():
    supervisor = supervisor_at(OrganisationFactory())
    refused(
        SocialCreditError,
        "not_found",
        services.placement_accept,
        placement_id=987654,
        actor=supervisor,
        supervisor=supervisor,
    )
    refused(
        SocialCreditError,
        "not_found",
        services.placement_withdraw,
        placement_id=987654,
        actor=supervisor,
    )


def test_the_host_declines_with_a_reason():
    placement, supervisor = _application()
    services.placement_decline(placement_id=placement.pk, actor=supervisor, reason="  Нет мест  ")
    placement.refresh_from_db()
    assert placement.status == Placement.Status.DECLINED
    assert placement.decline_reason == "Нет мест"
    assert placement.decided_by == supervisor and placement.supervisor is None


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("", "reason"),
        ("  \n ", "reason"),
        ("x" * (services.TEXT_MAX_LENGTH + 1), "reason_too_long"),
    ],
)
def test_a_decline_without_a_reason_is_refused(reason, code):
    placement, supervisor = _application()
    refused(
        SocialCreditError,
        code,
        services.placement_decline,
        placement_id=placement.pk,
        actor=supervisor,
        reason=reason,
    )


# --- Withdrawing and finishing -----------------------------------------------------------


def test_the_student_withdraws_an_unanswered_application():
    placement, _supervisor = _application()
    services.placement_withdraw(placement_id=placement.pk, actor=placement.participation.user)
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.WITHDRAWN
    refused(
        SocialCreditError,
        "decided",
        services.placement_withdraw,
        placement_id=placement.pk,
        actor=placement.participation.user,
    )


def test_only_the_student_withdraws():
    placement, supervisor = _application()
    for actor in [supervisor, UserFactory(), UserFactory(is_superuser=True), None]:
        refused(
            SocialCreditError,
            "forbidden",
            services.placement_withdraw,
            placement_id=placement.pk,
            actor=actor,
        )


def test_an_accepted_placement_is_not_withdrawn_but_finished_by_the_host():
    placement = placed_student()
    student = placement.participation.user
    refused(
        SocialCreditError,
        "decided",
        services.placement_withdraw,
        placement_id=placement.pk,
        actor=student,
    )
    refused(
        SocialCreditError,
        "own",
        services.placement_finish,
        placement_id=placement.pk,
        actor=student,
    )
    refused(
        SocialCreditError,
        "forbidden",
        services.placement_finish,
        placement_id=placement.pk,
        actor=supervisor_at(OrganisationFactory()),
    )
    waiting = log_shift(placement, minutes=90)
    services.placement_finish(placement_id=placement.pk, actor=placement.supervisor)
    assert Placement.objects.get(pk=placement.pk).status == Placement.Status.FINISHED
    refused(
        SocialCreditError,
        "status",
        services.placement_finish,
        placement_id=placement.pk,
        actor=placement.supervisor,
    )
    # No more shifts; the one logged before is still decided on.
    refused(
        SocialCreditError,
        "status",
        log_shift,
        placement=placement,
    )
    assert confirm(waiting, placement).status == HoursEntry.Status.CONFIRMED


def test_an_application_is_not_finished():
    placement, supervisor = _application()
    refused(
        SocialCreditError,
        "status",
        services.placement_finish,
        placement_id=placement.pk,
        actor=supervisor,
    )


# --- Feedback ------------------------------------------------------------------------------


def test_the_supervisor_and_host_coordinators_give_feedback():
    placement = placed_student()
    services.placement_feedback(
        placement_id=placement.pk, actor=placement.supervisor, feedback="  Ответственная.  "
    )
    placement.refresh_from_db()
    assert placement.feedback == "Ответственная."
    assert placement.feedback_by == placement.supervisor and placement.feedback_at is not None
    services.placement_finish(placement_id=placement.pk, actor=placement.supervisor)
    coordinator = supervisor_at(placement.host, role=Membership.Role.COORDINATOR)
    services.placement_feedback(
        placement_id=placement.pk, actor=coordinator, feedback="Рекомендуем."
    )
    placement.refresh_from_db()
    assert (placement.feedback, placement.feedback_by) == ("Рекомендуем.", coordinator)


def test_feedback_is_refused_to_others_and_when_empty():
    placement = placed_student()
    programme = placement.participation.programme
    for actor in [
        UserFactory(),
        supervisor_at(OrganisationFactory()),
        supervisor_at(programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR),
        supervisor_at(placement.host, role=Membership.Role.MENTOR),
    ]:
        refused(
            SocialCreditError,
            "forbidden",
            services.placement_feedback,
            placement_id=placement.pk,
            actor=actor,
            feedback="Отлично",
        )
    refused(
        SocialCreditError,
        "own",
        services.placement_feedback,
        placement_id=placement.pk,
        actor=placement.participation.user,
        feedback="Я молодец",
    )
    for feedback, code in [("", "feedback"), ("ж" * 2001, "feedback_too_long")]:
        refused(
            SocialCreditError,
            code,
            services.placement_feedback,
            placement_id=placement.pk,
            actor=placement.supervisor,
            feedback=feedback,
        )


def test_feedback_waits_for_the_placement_to_be_accepted():
    placement, supervisor = _application()
    refused(
        SocialCreditError,
        "status",
        services.placement_feedback,
        placement_id=placement.pk,
        actor=supervisor,
        feedback="Пока рано",
    )


# --- Shifts --------------------------------------------------------------------------------


def test_the_student_logs_a_shift_that_waits_for_the_supervisor():
    placement = placed_student()
    entry = services.shift_log(
        placement_id=placement.pk,
        actor=placement.participation.user,
        date=SHIFT_DAY,
        minutes=150,
        description="  Помогала в столовой  ",
    )
    assert entry.status == HoursEntry.Status.SUBMITTED
    assert entry.user_id == placement.participation.user_id
    assert entry.organisation_id == placement.host_id
    assert (entry.date, entry.minutes, entry.description) == (SHIFT_DAY, 150, "Помогала в столовой")
    assert entry.source == selectors.PRACTICE
    assert entry.source_ref.startswith(f"sc{placement.participation_id}:pl{placement.pk}:")
    again = log_shift(placement, minutes=150)
    assert again.source_ref != entry.source_ref  # each shift is its own entry


def test_only_the_student_logs_their_shifts():
    placement = placed_student()
    colleague = placed_student(programme=placement.participation.programme, host=placement.host)
    for actor in [
        placement.supervisor,
        colleague.participation.user,
        UserFactory(is_superuser=True),
        None,
    ]:
        refused(
            SocialCreditError,
            "forbidden",
            services.shift_log,
            placement_id=placement.pk,
            actor=actor,
            date=SHIFT_DAY,
            minutes=60,
            description="Смена",
        )
    refused(
        SocialCreditError,
        "not_found",
        services.shift_log,
        placement_id=987654,
        actor=placement.participation.user,
        date=SHIFT_DAY,
        minutes=60,
        description="Смена",
    )


@pytest.mark.parametrize("status", ["applied", "declined", "withdrawn", "finished"])
def test_shifts_are_logged_only_on_a_running_placement(status):
    placement = placed_student()
    Placement.objects.filter(pk=placement.pk).update(
        status=status, decline_reason="Нет мест" if status == "declined" else ""
    )
    refused(SocialCreditError, "status", log_shift, placement=placement)


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2025, 12, 31),  # before the programme
        datetime.date(2026, 3, 31),  # before the practice started
    ],
)
def test_a_shift_falls_within_the_programme_and_the_practice(day):
    placement = placed_student()
    placement.starts_on = datetime.date(2026, 4, 1)
    placement.save()
    error = refused(SocialCreditError, "date", log_shift, placement=placement, date=day)
    assert "2026" in error.message
    log_shift(placement, date=datetime.date(2026, 4, 1))


def test_a_shift_after_the_programme_ended_is_refused():
    programme = ProgrammeFactory(
        starts_on=datetime.date(2025, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    placement = placed_student(programme=programme)
    refused(SocialCreditError, "date", log_shift, placement=placement, date=SHIFT_DAY)


def test_a_shift_on_a_day_that_has_not_come_is_refused():
    today = timezone.localdate()
    programme = ProgrammeFactory(
        starts_on=today - datetime.timedelta(days=60), ends_on=today + datetime.timedelta(days=60)
    )
    placement = placed_student(programme=programme)
    refused(
        SocialCreditError,
        "future",
        log_shift,
        placement=placement,
        date=today + datetime.timedelta(days=1),
    )
    assert log_shift(placement, date=today).status == HoursEntry.Status.SUBMITTED


@pytest.mark.parametrize(
    ("minutes", "description", "code"),
    [
        (0, "Смена", "duration"),
        (-30, "Смена", "duration"),
        (24 * 60 + 1, "Смена", "too_long"),
        (60, "   ", "description"),
    ],
)
def test_a_shift_needs_a_duration_within_a_day_and_a_description(minutes, description, code):
    placement = placed_student()
    refused(
        SocialCreditError,
        code,
        log_shift,
        placement=placement,
        minutes=minutes,
        description=description,
    )


def test_a_whole_day_is_one_shift():
    placement = placed_student()
    assert log_shift(placement, minutes=24 * 60).minutes == 24 * 60


# --- Deciding on shifts ---------------------------------------------------------------------


def test_the_supervisor_confirms_and_rejects_shifts():
    placement = placed_student()
    confirmed = confirm(log_shift(placement, minutes=120), placement)
    rejected = hours_services.hours_reject(
        entry_id=log_shift(placement, minutes=60).id,
        actor=placement.supervisor,
        reason="Не было смены",
    )
    assert (confirmed.status, rejected.status) == ("confirmed", "rejected")
    totals = selectors.shift_minutes(placement.participation_id, placement.participation.user_id)
    assert totals == {"confirmed": 120, "submitted": 0, "rejected": 60}


def test_a_student_never_confirms_their_own_hours():
    placement = placed_student()
    student = placement.participation.user
    entry = log_shift(placement)
    refused(
        hours_services.HoursError,
        "own",
        hours_services.hours_confirm,
        entry_id=entry.id,
        actor=student,
    )
    # Not even as a supervisor of the host, nor by recording them confirmed.
    MembershipFactory(user=student, organisation=placement.host, role=Membership.Role.SUPERVISOR)
    refused(
        hours_services.HoursError,
        "own",
        hours_services.hours_confirm,
        entry_id=entry.id,
        actor=student,
    )
    refused(
        hours_services.HoursError,
        "own",
        hours_services.hours_reject,
        entry_id=entry.id,
        actor=student,
        reason="Ошиблась",
    )
    refused(
        hours_services.HoursError,
        "own",
        hours_api.record_hours,
        user_id=student.pk,
        organisation_id=placement.host_id,
        date=SHIFT_DAY,
        minutes=60,
        description="Смена",
        source=selectors.PRACTICE,
        source_ref=f"{placement.shift_prefix}self",
        confirmed_by_id=student.pk,
    )
    assert hours_api.get_entry(entry.id).status == HoursEntry.Status.SUBMITTED


def test_a_supervisor_of_another_organisation_cannot_decide():
    placement = placed_student()
    # A supervisor at another host of the same programme, who even supervises the same student.
    elsewhere = placed_student(
        programme=placement.participation.programme, user=placement.participation.user
    )
    entry = log_shift(placement)
    for actor in [elsewhere.supervisor, supervisor_at(OrganisationFactory())]:
        refused(
            hours_services.HoursError,
            "forbidden",
            hours_services.hours_confirm,
            entry_id=entry.id,
            actor=actor,
        )
        refused(
            hours_services.HoursError,
            "forbidden",
            hours_services.hours_reject,
            entry_id=entry.id,
            actor=actor,
            reason="Не у нас",
        )
    assert hours_api.get_entry(entry.id).status == HoursEntry.Status.SUBMITTED
    # Their own shifts they do decide on.
    assert confirmed_shift(elsewhere, minutes=60).status == HoursEntry.Status.CONFIRMED


def test_hours_are_decided_once():
    placement = placed_student()
    entry = confirmed_shift(placement, minutes=60)
    refused(
        hours_services.HoursError,
        "decided",
        hours_services.hours_reject,
        entry_id=entry.pk,
        actor=placement.supervisor,
        reason="Передумал",
    )


def test_any_participation_keeps_its_own_hours():
    placement = placed_student()
    other = ParticipationFactory(user=placement.participation.user)
    confirmed_shift(placement, minutes=90)
    assert selectors.shift_minutes(other.pk, other.user_id)["confirmed"] == 0
    totals = selectors.shift_minutes(placement.participation_id, other.user_id, placement.pk)
    assert totals["confirmed"] == 90


def test_a_student_id_with_control_characters_is_refused():
    from lms.socialcredit.services import SocialCreditError, clean_student_id

    with pytest.raises(SocialCreditError) as refusal:
        clean_student_id("ST\x01-1")
    assert refusal.value.code == "student_id"
    assert clean_student_id("  ST  12 ") == "ST 12"
