"""The ledger's rules: what a person may log, who decides, once, and what is announced."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from lms.accounts.models import Membership
from lms.hours import api, services
from lms.hours.models import HoursEntry
from tests.concurrency import is_postgres, needs_postgres_reason, run_together
from tests.factories import OrganisationFactory, UserFactory
from tests.hours.factories import TODAY, HoursEntryFactory, supervisor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """What ``hours_confirmed`` and ``hours_rejected`` delivered, as (signal name, kwargs)."""
    calls: list[tuple[str, dict]] = []

    def on_confirmed(sender, **kwargs):
        calls.append(("confirmed", kwargs))

    def on_rejected(sender, **kwargs):
        calls.append(("rejected", kwargs))

    api.hours_confirmed.connect(on_confirmed, dispatch_uid="test.confirmed")
    api.hours_rejected.connect(on_rejected, dispatch_uid="test.rejected")
    yield calls
    api.hours_confirmed.disconnect(dispatch_uid="test.confirmed")
    api.hours_rejected.disconnect(dispatch_uid="test.rejected")


def _refused(code: str, call, **kwargs) -> None:
    count = HoursEntry.objects.count()
    statuses = list(HoursEntry.objects.order_by("pk").values_list("status", flat=True))
    with pytest.raises(services.HoursError) as caught:
        call(**kwargs)
    assert caught.value.code == code
    assert caught.value.message
    assert HoursEntry.objects.count() == count
    assert list(HoursEntry.objects.order_by("pk").values_list("status", flat=True)) == statuses


# --- Submitting ---------------------------------------------------------------------


def _submit(**overrides) -> HoursEntry:
    fields = {
        "user": overrides.pop("user", None) or UserFactory(),
        "organisation": overrides.pop("organisation", None) or OrganisationFactory(),
        "date": TODAY,
        "minutes": 150,
        "description": "  Помощь на кухне дневного центра  ",
        "source": HoursEntry.Source.PRACTICE,
        "today": TODAY,
    }
    return services.hours_submit(**{**fields, **overrides})


def test_submitted_hours_wait_for_confirmation():
    entry = _submit()
    assert entry.status == HoursEntry.Status.SUBMITTED
    assert entry.description == "Помощь на кухне дневного центра"
    assert (entry.minutes, entry.date, entry.decided_by, entry.decided_at) == (
        150,
        TODAY,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("code", "overrides"),
    [
        ("future", {"date": TODAY + datetime.timedelta(days=1)}),
        ("duration", {"minutes": 0}),
        ("duration", {"minutes": -30}),
        ("too_long", {"minutes": 24 * 60 + 1}),
        ("description", {"description": "   "}),
        ("description_too_long", {"description": "а" * 2001}),
        ("source", {"source": "holiday"}),
    ],
)
def test_bad_submissions_are_refused_and_change_nothing(code, overrides):
    _refused(code, _submit, **overrides)


def test_a_whole_day_is_the_longest_entry():
    assert _submit(minutes=24 * 60).minutes == 1440


def test_inactive_organisation_takes_no_hours():
    _refused("organisation", _submit, organisation=OrganisationFactory(is_active=False))


# --- Deciding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        Membership.Role.SUPERVISOR,
        Membership.Role.COORDINATOR,
        Membership.Role.PROGRAMME_COORDINATOR,
    ],
)
def test_supervisors_and_coordinators_of_the_organisation_confirm(role):
    entry = HoursEntryFactory()
    actor = supervisor_of(entry.organisation, role)
    confirmed = services.hours_confirm(entry_id=entry.pk, actor=actor)
    entry.refresh_from_db()
    assert entry.status == confirmed.status == HoursEntry.Status.CONFIRMED
    assert entry.decided_by == actor and entry.decided_at is not None


def test_nobody_confirms_their_own_hours():
    entry = HoursEntryFactory()
    supervisor = supervisor_of(entry.organisation)
    own = HoursEntryFactory(user=supervisor, organisation=entry.organisation)
    _refused("own", services.hours_confirm, entry_id=own.pk, actor=supervisor)
    _refused("own", services.hours_reject, entry_id=own.pk, actor=supervisor, reason="Нет")
    admin = UserFactory(is_superuser=True)
    admins_own = HoursEntryFactory(user=admin)
    _refused("own", services.hours_confirm, entry_id=admins_own.pk, actor=admin)


def test_a_supervisor_of_another_organisation_is_refused():
    entry = HoursEntryFactory()
    elsewhere = supervisor_of(OrganisationFactory())
    _refused("forbidden", services.hours_confirm, entry_id=entry.pk, actor=elsewhere)
    _refused("forbidden", services.hours_reject, entry_id=entry.pk, actor=elsewhere, reason="Нет")


@pytest.mark.parametrize("role", [Membership.Role.MENTOR, Membership.Role.TRAINER])
def test_other_roles_at_the_organisation_are_refused(role):
    entry = HoursEntryFactory()
    _refused(
        "forbidden",
        services.hours_confirm,
        entry_id=entry.pk,
        actor=supervisor_of(entry.organisation, role),
    )


def test_a_learner_is_refused():
    entry = HoursEntryFactory()
    _refused("forbidden", services.hours_confirm, entry_id=entry.pk, actor=UserFactory())


def test_only_an_administrator_decides_hours_without_an_organisation():
    entry = HoursEntryFactory(organisation=None)
    _refused("forbidden", services.hours_confirm, entry_id=entry.pk, actor=UserFactory())
    admin = UserFactory(is_superuser=True)
    assert services.hours_confirm(entry_id=entry.pk, actor=admin).status == "confirmed"


def test_reject_needs_a_reason_and_keeps_it():
    entry = HoursEntryFactory()
    supervisor = supervisor_of(entry.organisation)
    _refused("reason", services.hours_reject, entry_id=entry.pk, actor=supervisor, reason=" \n ")
    _refused(
        "reason_too_long",
        services.hours_reject,
        entry_id=entry.pk,
        actor=supervisor,
        reason="x" * 1001,
    )
    services.hours_reject(entry_id=entry.pk, actor=supervisor, reason="  Дата не совпадает  ")
    entry.refresh_from_db()
    assert entry.status == HoursEntry.Status.REJECTED
    assert entry.rejection_reason == "Дата не совпадает"


def test_a_decision_is_taken_once(received, django_capture_on_commit_callbacks):
    entry = HoursEntryFactory()
    first, second = supervisor_of(entry.organisation), supervisor_of(entry.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.hours_confirm(entry_id=entry.pk, actor=first)
    for actor in (first, second):  # a double click, a second supervisor
        _refused("decided", services.hours_confirm, entry_id=entry.pk, actor=actor)
        _refused("decided", services.hours_reject, entry_id=entry.pk, actor=actor, reason="Нет")
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by) == (HoursEntry.Status.CONFIRMED, first)
    assert [name for name, _kwargs in received] == ["confirmed"]


def test_unknown_entry():
    _refused("not_found", services.hours_confirm, entry_id=987654, actor=UserFactory())


# --- Signals and e-mail ---------------------------------------------------------------


def test_signals_are_sent_once_after_commit(received, django_capture_on_commit_callbacks):
    confirmed, rejected = HoursEntryFactory(minutes=90), HoursEntryFactory(minutes=45)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.hours_confirm(entry_id=confirmed.pk, actor=supervisor_of(confirmed.organisation))
        services.hours_reject(
            entry_id=rejected.pk, actor=supervisor_of(rejected.organisation), reason="Не было"
        )
        assert received == []  # nothing before the commit
    assert callbacks  # signals and e-mails waited for the commit
    assert received == [
        (
            "confirmed",
            {
                "signal": api.hours_confirmed,
                "entry_id": confirmed.pk,
                "user_id": confirmed.user_id,
                "organisation_id": confirmed.organisation_id,
                "minutes": 90,
            },
        ),
        (
            "rejected",
            {
                "signal": api.hours_rejected,
                "entry_id": rejected.pk,
                "user_id": rejected.user_id,
                "organisation_id": rejected.organisation_id,
                "minutes": 45,
            },
        ),
    ]


def test_a_refused_decision_sends_nothing(received, django_capture_on_commit_callbacks, mailoutbox):
    entry = HoursEntryFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(services.HoursError),
    ):
        services.hours_confirm(entry_id=entry.pk, actor=UserFactory())
    assert callbacks == [] and received == [] and mailoutbox == []


@pytest.mark.parametrize(
    ("language", "greeting", "prefix"),
    [
        ("kk", "Сәлеметсіз бе", "/kk/hours/"),
        ("ru", "Здравствуйте", "/hours/"),
        ("en", "Hello", "/en/hours/"),
    ],
)
def test_the_person_is_emailed_in_their_language(
    language, greeting, prefix, django_capture_on_commit_callbacks, mailoutbox
):
    person = UserFactory(full_name="Әсел Төлеген", preferred_language=language)
    entry = HoursEntryFactory(user=person, minutes=90, date=datetime.date(2026, 3, 5))
    supervisor = supervisor_of(entry.organisation)
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        services.hours_confirm(entry_id=entry.pk, actor=supervisor)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [person.email]
    assert f"{greeting}, Әсел Төлеген!" in message.body
    assert f"http://127.0.0.1:8000{prefix}" in message.body
    assert entry.organisation.name in message.body
    with translation.override(language):
        assert date_format(entry.date, "DATE_FORMAT") in message.body
    assert ("1,5" if language in ("ru", "kk") else "1.5") in message.body
    # Running the task again sends nothing more.
    assert services.hours_notify(entry_id=entry.pk) is False
    assert len(mailoutbox) == 1


def test_the_rejection_email_gives_the_reason(django_capture_on_commit_callbacks, mailoutbox):
    entry = HoursEntryFactory(user=UserFactory(preferred_language="kk"))
    with django_capture_on_commit_callbacks(execute=True):
        services.hours_reject(
            entry_id=entry.pk,
            actor=supervisor_of(entry.organisation),
            reason='Смена была "в другой день" & не в этом центре',
        )
    assert len(mailoutbox) == 1
    assert 'Смена была "в другой день" & не в этом центре' in mailoutbox[0].body  # not escaped
    assert "/kk/hours/" in mailoutbox[0].body


def test_a_submitted_entry_is_not_announced(mailoutbox):
    assert services.hours_notify(entry_id=HoursEntryFactory().pk) is False
    assert mailoutbox == []


# --- Apps record hours through the api ------------------------------------------------


def _record(**overrides) -> api.HoursEntryData:
    fields = {
        "date": TODAY - datetime.timedelta(days=2),
        "minutes": 60,
        "description": "Наставническая встреча",
        "source": "mentoring",
        "source_ref": "mentoring-session:42",
    }
    return api.record_hours(**{**fields, **overrides})


def test_recording_is_idempotent_by_reference(received, django_capture_on_commit_callbacks):
    person, organisation = UserFactory(), OrganisationFactory()
    ids = {"user_id": person.pk, "organisation_id": organisation.pk}
    with django_capture_on_commit_callbacks(execute=True):
        first = _record(**ids)
        again = _record(**ids, minutes=600, description="другое")
    assert isinstance(first, api.HoursEntryData)
    assert first == again and first.status == "submitted" and first.minutes == 60
    assert HoursEntry.objects.count() == 1
    # Another reference, another source or another person is another entry.
    _record(**ids, source_ref="mentoring-session:43")
    _record(**ids, source="webinar")
    _record(user_id=UserFactory().pk, organisation_id=organisation.pk)
    assert HoursEntry.objects.count() == 4
    assert received == []  # nothing confirmed


def test_an_app_records_confirmed_hours(received, django_capture_on_commit_callbacks, mailoutbox):
    person, organisation = UserFactory(), OrganisationFactory()
    coordinator = supervisor_of(organisation, Membership.Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        entry = _record(
            user_id=person.pk, organisation_id=organisation.pk, confirmed_by_id=coordinator.pk
        )
        assert _record(user_id=person.pk, organisation_id=organisation.pk) == entry
    assert (entry.status, entry.decided_by_id) == ("confirmed", coordinator.pk)
    assert entry.organisation_name == organisation.name
    assert [(name, kwargs["entry_id"]) for name, kwargs in received] == [("confirmed", entry.id)]
    assert mailoutbox == []  # the recording app tells the person itself
    assert api.get_entry(entry.id) == entry


def test_an_app_vouches_for_hours_the_platform_witnessed(
    received, django_capture_on_commit_callbacks
):
    trainer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        entry = _record(
            user_id=trainer.pk,
            organisation_id=None,
            source="webinar",
            source_ref="webinar:abc",
            status="confirmed",
        )
    assert (entry.status, entry.decided_by_id, entry.organisation_id) == ("confirmed", None, None)
    assert entry.decided_at is not None
    assert [name for name, _kwargs in received] == ["confirmed"]
    assert api.confirmed_minutes(trainer.pk) == 60


def test_recording_follows_the_same_rules():
    person, organisation = UserFactory(), OrganisationFactory()
    ids = {"user_id": person.pk, "organisation_id": organisation.pk}
    _refused("source_ref", _record, **ids, source_ref="  ")
    _refused("source", _record, **ids, source="holiday")
    _refused("too_long", _record, **ids, minutes=1441)
    _refused("future", _record, **ids, date=datetime.date.today() + datetime.timedelta(days=2))
    _refused("organisation", _record, user_id=person.pk, organisation_id=987654)
    _refused("user", _record, user_id=987654, organisation_id=organisation.pk)
    _refused("own", _record, **ids, confirmed_by_id=person.pk)
    _refused("forbidden", _record, **ids, confirmed_by_id=UserFactory().pk)
    _refused("forbidden", _record, **ids, confirmed_by_id=987654)
    _refused("status", _record, **ids, status="rejected")
    coordinator = supervisor_of(organisation, Membership.Role.COORDINATOR)
    _refused("status", _record, **ids, status="submitted", confirmed_by_id=coordinator.pk)


# --- At the same moment (PostgreSQL) ----------------------------------------------------


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
@pytest.mark.django_db(transaction=True)
def test_two_supervisors_at_once_decide_once(pristine_db, mailoutbox):
    entry = HoursEntryFactory()
    supervisors = [supervisor_of(entry.organisation) for _ in range(4)]
    outcomes: list[str] = []

    def decide(actor, action):
        try:
            if action == "confirm":
                services.hours_confirm(entry_id=entry.pk, actor=actor)
            else:
                services.hours_reject(entry_id=entry.pk, actor=actor, reason="Не подтверждаю")
            outcomes.append(action)
        except services.HoursError as error:
            outcomes.append(error.code)

    actions = ["confirm", "reject", "confirm", "reject"]
    assert run_together(decide, list(zip(supervisors, actions, strict=True))) == []
    won = [outcome for outcome in outcomes if outcome != "decided"]
    assert len(won) == 1 and outcomes.count("decided") == 3
    entry.refresh_from_db()
    assert entry.status == ("confirmed" if won[0] == "confirm" else "rejected")
    assert len(mailoutbox) == 1


@pytest.mark.skipif(not is_postgres(), reason=needs_postgres_reason)
@pytest.mark.django_db(transaction=True)
def test_concurrent_recordings_keep_one_entry(pristine_db):
    person, organisation = UserFactory(), OrganisationFactory()
    ids = {"user_id": person.pk, "organisation_id": organisation.pk}
    results: list[int] = []

    def record(_n):
        results.append(_record(**ids).id)

    assert run_together(record, [(n,) for n in range(5)]) == []
    assert len(set(results)) == 1
    assert HoursEntry.objects.filter(user=person).count() == 1
