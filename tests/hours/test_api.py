"""What other apps read and write through ``lms.hours.api``, and how they guard a
confirmation (the ``hours_decision`` slot)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts.models import Membership
from lms.hours import api, services
from lms.hours.models import HoursEntry
from tests.factories import OrganisationFactory, UserFactory
from tests.hours.factories import TODAY, HoursEntryFactory, supervisor_of

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _shift(user, ref: str, minutes: int, status: str = "submitted", **fields) -> HoursEntry:
    if status == "rejected":
        fields.setdefault("rejection_reason", "Смены не было")
    return HoursEntryFactory(
        user=user, source="practice", source_ref=ref, minutes=minutes, status=status, **fields
    )


# --- Minutes by status ------------------------------------------------------------------


def test_minutes_by_status_counts_the_references_with_the_prefix():
    student, other = UserFactory(), UserFactory()
    _shift(student, "sc1:pl2:a", 60)
    _shift(student, "sc1:pl2:b", 90, "confirmed")
    _shift(student, "sc1:pl2:c", 45, "confirmed")
    _shift(student, "sc1:pl2:d", 30, "rejected")
    # Not counted: another placement, a prefix that only looks alike, another person, another
    # kind of activity.
    _shift(student, "sc1:pl20:a", 600, "confirmed")
    _shift(student, "sc1:pl3:a", 600, "confirmed")
    _shift(student, "sc1xpl2:a", 600, "confirmed")
    _shift(other, "sc1:pl2:a", 600, "confirmed")
    HoursEntryFactory(user=student, source="mentoring", source_ref="sc1:pl2:e", minutes=600)

    counted = api.minutes_by_status(
        user_id=student.pk, source="practice", source_ref_prefix="sc1:pl2:"
    )
    assert counted == {"submitted": 60, "confirmed": 135, "rejected": 30}
    # "_" and "%" in a prefix are letters, not wildcards.
    assert api.minutes_by_status(
        user_id=student.pk, source="practice", source_ref_prefix="sc1_pl2:"
    ) == {"submitted": 0, "confirmed": 0, "rejected": 0}
    assert api.minutes_by_status(
        user_id=student.pk, source="practice", source_ref_prefix="sc1:pl%"
    ) == {"submitted": 0, "confirmed": 0, "rejected": 0}


def test_minutes_by_status_many_answers_a_page_in_one_query(django_assert_num_queries):
    first, second, idle = UserFactory(), UserFactory(), UserFactory()
    _shift(first, "sc1:pl1:a", 60)
    _shift(first, "sc1:pl1:b", 120, "confirmed")
    _shift(first, "sc1:pl2:a", 30, "rejected")
    _shift(second, "sc2:pl3:a", 90, "confirmed")
    _shift(second, "sc1:pl1:x", 600, "confirmed")  # first's prefix, another person
    HoursEntryFactory(user=second, source="event", source_ref="sc2:pl3:b", minutes=600)
    refs = [
        (first.pk, "sc1:pl1:"),
        (first.pk, "sc1:pl2:"),
        (second.pk, "sc2:pl3:"),
        (idle.pk, "sc9:pl9:"),
    ]
    with django_assert_num_queries(1):
        counted = api.minutes_by_status_many(source="practice", refs=refs)
    assert counted == {
        (first.pk, "sc1:pl1:"): {"submitted": 60, "confirmed": 120, "rejected": 0},
        (first.pk, "sc1:pl2:"): {"submitted": 0, "confirmed": 0, "rejected": 30},
        (second.pk, "sc2:pl3:"): {"submitted": 0, "confirmed": 90, "rejected": 0},
        (idle.pk, "sc9:pl9:"): {"submitted": 0, "confirmed": 0, "rejected": 0},
    }
    # Each answer is what minutes_by_status gives for the pair.
    for (user_id, prefix), minutes in counted.items():
        assert minutes == api.minutes_by_status(
            user_id=user_id, source="practice", source_ref_prefix=prefix
        )
    with django_assert_num_queries(0):
        assert api.minutes_by_status_many(source="practice", refs=[]) == {}


# --- Entries by reference ---------------------------------------------------------------


def test_entries_by_ref_are_the_persons_matching_entries_newest_first():
    student = UserFactory()
    host = OrganisationFactory(name="Дом ветеранов «Забота»")
    older = _shift(student, "sc1:pl2:a", 60, organisation=host, date=datetime.date(2026, 11, 2))
    newer = _shift(
        student, "sc1:pl2:b", 90, "confirmed", organisation=host, date=datetime.date(2026, 11, 9)
    )
    same_day = _shift(
        student, "sc1:pl2:c", 30, "rejected", organisation=host, date=datetime.date(2026, 11, 9)
    )
    _shift(student, "sc1:pl3:a", 60)
    _shift(UserFactory(), "sc1:pl2:z", 60)
    HoursEntryFactory(user=student, source="mentoring", source_ref="sc1:pl2:m")

    entries = api.entries_by_ref(
        user_id=student.pk, source="practice", source_ref_prefix="sc1:pl2:"
    )
    assert [entry.id for entry in entries] == [same_day.pk, newer.pk, older.pk]
    assert all(isinstance(entry, api.HoursEntryData) for entry in entries)
    assert entries[1] == api.get_entry(newer.pk)
    assert (entries[1].organisation_name, entries[1].minutes, entries[1].status) == (
        "Дом ветеранов «Забота»",
        90,
        "confirmed",
    )
    assert entries[0].rejection_reason == "Смены не было"
    limited = api.entries_by_ref(
        user_id=student.pk, source="practice", source_ref_prefix="sc1:pl2:", limit=2
    )
    assert [entry.id for entry in limited] == [same_day.pk, newer.pk]
    assert api.entries_by_ref(user_id=student.pk, source="practice", source_ref_prefix="x:") == []


# --- Recording with evidence ------------------------------------------------------------


def _record(**overrides) -> api.HoursEntryData:
    fields = {
        "date": TODAY - datetime.timedelta(days=1),
        "minutes": 120,
        "description": "Смена в приюте",
        "source": "practice",
        "source_ref": "sc1:pl2:abc",
    }
    return api.record_hours(**{**fields, **overrides})


def test_recorded_hours_keep_their_evidence(client):
    student, host = UserFactory(), OrganisationFactory()
    recorded = _record(
        user_id=student.pk,
        organisation_id=host.pk,
        evidence=SimpleUploadedFile("Фото смены.png", PNG, content_type="image/png"),
    )
    entry = HoursEntry.objects.get(pk=recorded.id)
    assert entry.evidence.name.startswith("hours/evidence/")
    assert "Фото" not in entry.evidence.name  # stored under a random name
    assert entry.evidence.name.endswith(".png")
    with entry.evidence.open("rb") as stored:
        assert stored.read() == PNG
    # The person and the host's supervisor see it; the entry waits as usual.
    assert recorded.status == "submitted"
    client.force_login(student)
    response = client.get(f"/hours/{entry.pk}/evidence/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    client.force_login(supervisor_of(host))
    assert client.get(f"/hours/{entry.pk}/evidence/").status_code == 200
    # Recording again with the same reference keeps the first entry and its file.
    again = _record(
        user_id=student.pk,
        organisation_id=host.pk,
        evidence=SimpleUploadedFile("другое.png", PNG + b"x", content_type="image/png"),
    )
    assert again == recorded
    assert HoursEntry.objects.get(pk=entry.pk).evidence.name == entry.evidence.name


def test_hours_recorded_without_evidence_have_none():
    recorded = _record(user_id=UserFactory().pk, organisation_id=OrganisationFactory().pk)
    assert not HoursEntry.objects.get(pk=recorded.id).evidence


# --- The hours_decision guard -----------------------------------------------------------

GUARD_CALLS: list[dict] = []


def refuse(**kwargs) -> None:
    """A guard that refuses every confirmation (registered by the tests below)."""
    GUARD_CALLS.append(kwargs)
    raise api.HoursError("Лимит часов программы исчерпан.", "cap")


def allow(**kwargs) -> None:
    """A guard that lets every confirmation pass, noting what it was asked."""
    GUARD_CALLS.append(kwargs)


@pytest.fixture
def guard(slots):
    """Register a guard by name ("refuse" or "allow"); its calls land in GUARD_CALLS."""
    GUARD_CALLS.clear()

    def register(name: str) -> list[dict]:
        slots.register("hours_decision", "tests", f"tests.hours.test_api.{name}")
        return GUARD_CALLS

    yield register
    GUARD_CALLS.clear()


def test_a_guard_is_asked_about_each_confirmation(guard, django_capture_on_commit_callbacks):
    calls = guard("allow")
    entry = _shift(UserFactory(), "sc1:pl2:a", 150)
    with django_capture_on_commit_callbacks(execute=True):
        services.hours_confirm(entry_id=entry.pk, actor=supervisor_of(entry.organisation))
    assert calls == [
        {
            "user_id": entry.user_id,
            "source": "practice",
            "source_ref": "sc1:pl2:a",
            "minutes": 150,
            "status": "confirmed",
        }
    ]
    assert HoursEntry.objects.get(pk=entry.pk).status == "confirmed"


def test_a_guard_refuses_a_confirmation_and_the_entry_stays_submitted(
    guard, django_capture_on_commit_callbacks, mailoutbox
):
    calls = guard("refuse")
    entry = _shift(UserFactory(), "sc1:pl2:a", 150)
    confirmed: list[dict] = []
    api.hours_confirmed.connect(
        lambda sender, **kw: confirmed.append(kw), weak=False, dispatch_uid="t"
    )
    try:
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(api.HoursError) as refused,
        ):
            services.hours_confirm(entry_id=entry.pk, actor=supervisor_of(entry.organisation))
    finally:
        api.hours_confirmed.disconnect(dispatch_uid="t")
    assert (refused.value.code, refused.value.message) == ("cap", "Лимит часов программы исчерпан.")
    assert len(calls) == 1
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by, entry.decided_at) == ("submitted", None, None)
    assert callbacks == [] and confirmed == [] and mailoutbox == []


def test_the_confirmation_page_explains_a_guards_refusal(guard, client):
    guard("refuse")
    entry = _shift(UserFactory(), "sc1:pl2:a", 150)
    client.force_login(supervisor_of(entry.organisation))
    response = client.post(f"/hours/confirm/{entry.pk}/", {"action": "confirm"}, follow=True)
    assert response.status_code == 200
    assert "Лимит часов программы исчерпан." in response.content.decode()
    assert HoursEntry.objects.get(pk=entry.pk).status == "submitted"


def test_rejecting_is_not_guarded(guard):
    calls = guard("refuse")
    entry = _shift(UserFactory(), "sc1:pl2:a", 150)
    services.hours_reject(
        entry_id=entry.pk, actor=supervisor_of(entry.organisation), reason="Не было смены"
    )
    assert HoursEntry.objects.get(pk=entry.pk).status == "rejected"
    assert calls == []


def test_recording_confirmed_hours_is_guarded(guard):
    calls = guard("refuse")
    student, host = UserFactory(), OrganisationFactory()
    coordinator = supervisor_of(host, Membership.Role.COORDINATOR)
    ids = {"user_id": student.pk, "organisation_id": host.pk}
    with pytest.raises(api.HoursError) as refused:
        _record(**ids, status="confirmed")
    assert refused.value.code == "cap"
    with pytest.raises(api.HoursError):
        _record(**ids, source_ref="sc1:pl2:def", confirmed_by_id=coordinator.pk)
    assert not HoursEntry.objects.exists()
    assert [call["status"] for call in calls] == ["confirmed", "confirmed"]
    assert calls[0] == {
        "user_id": student.pk,
        "source": "practice",
        "source_ref": "sc1:pl2:abc",
        "minutes": 120,
        "status": "confirmed",
    }
    # Submitted hours are not a confirmation: recorded without asking the guard.
    recorded = _record(**ids)
    assert recorded.status == "submitted" and len(calls) == 2
