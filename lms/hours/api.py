"""What other apps may know and do about volunteer hours. They import this module only (never
``lms.hours.models``, ``services`` or ``selectors``) and get ids and frozen data.

Writing: an app records an activity with :func:`record_hours`, once per ``source_ref`` (its own
stable reference, e.g. ``"mentoring-session:42"``): calling it again with the same reference —
a retried task, a double click — returns the entry already recorded. The entry waits for a
supervisor or coordinator of its organisation, or is confirmed at once by a person who may
confirm it (``confirmed_by_id``), or by the app itself for what the platform witnessed
(``status="confirmed"``). Bad input raises :class:`HoursError` (``message`` in the user's
language, ``code`` for programs) and records nothing.

Listening: :data:`hours_confirmed` and :data:`hours_rejected` are sent once per entry after the
decision commits, with ``entry_id``, ``user_id``, ``organisation_id`` and ``minutes`` (see
``lms.hours.signals``); connect handlers in your ``receivers.py``.

Reading: :func:`get_entry`, :func:`user_totals`, :func:`confirmed_minutes`, and for an app
that gives its references a common prefix, :func:`minutes_by_status` and :func:`entries_by_ref`
(e.g. a social-credit participation's shifts, counted against its cap).

Guarding: an app that counts hours against a limit registers a provider of the
``hours_decision`` slot (``lms.extensions``); it is called with ``user_id``, ``source``,
``source_ref``, ``minutes`` and ``status`` inside the transaction that confirms an entry, after
the entry's row is locked, and raises :class:`HoursError` to refuse the confirmation.
"""

from datetime import date as Date

from django.core.files import File
from django.db.models import Q, Sum

from . import selectors, services
from .data import HoursEntryData, HoursTotals, TotalsRow
from .models import MAX_MINUTES, HoursEntry, format_hours, minutes_to_hours
from .services import HoursError
from .signals import hours_confirmed, hours_rejected

__all__ = [
    "MAX_MINUTES",
    "SOURCES",
    "HoursEntryData",
    "HoursError",
    "HoursTotals",
    "TotalsRow",
    "confirmed_minutes",
    "entries_by_ref",
    "format_hours",
    "get_entry",
    "hours_confirmed",
    "hours_rejected",
    "minutes_by_status",
    "minutes_by_status_many",
    "minutes_to_hours",
    "record_hours",
    "user_totals",
]

# Kinds of activity an entry records: practice, mentoring, webinar, event, other. An entry
# holds at most MAX_MINUTES (24 hours).
SOURCES: tuple[str, ...] = tuple(HoursEntry.Source.values)


def _entry_data(entry: HoursEntry) -> HoursEntryData:
    return HoursEntryData(
        id=entry.pk,
        user_id=entry.user_id,
        organisation_id=entry.organisation_id,
        organisation_name=entry.organisation.name if entry.organisation_id else "",
        date=entry.date,
        minutes=entry.minutes,
        description=entry.description,
        source=entry.source,
        source_ref=entry.source_ref,
        status=entry.status,
        rejection_reason=entry.rejection_reason,
        decided_by_id=entry.decided_by_id,
        decided_at=entry.decided_at,
    )


def record_hours(
    *,
    user_id: int,
    organisation_id: int | None,
    date: Date,
    minutes: int,
    description: str,
    source: str,
    source_ref: str,
    confirmed_by_id: int | None = None,
    status: str | None = None,
    evidence: File | None = None,
) -> HoursEntryData:
    """Write an activity into the ledger (idempotent by ``source_ref``).

    By default the entry waits for a supervisor or coordinator of the organisation. With
    ``confirmed_by_id`` it is confirmed at once by that person, who must be allowed to confirm
    it (a supervisor, coordinator or programme coordinator of the organisation, or an
    administrator; never the person themselves). With ``status="confirmed"`` and no
    ``confirmed_by_id`` the app itself vouches for an activity the platform witnessed (a
    webinar delivered, its attendance recorded). A confirmed entry sends ``hours_confirmed``;
    no e-mail goes out (the recording app tells the person in its own words). ``evidence`` is
    an optional photo or document the person attached (already checked by the caller's form).
    """
    entry = services.hours_record(
        user_id=user_id,
        organisation_id=organisation_id,
        date=date,
        minutes=minutes,
        description=description,
        source=source,
        source_ref=source_ref,
        confirmed_by_id=confirmed_by_id,
        status=status,
        evidence=evidence,
    )
    return get_entry(entry.pk)


def get_entry(entry_id: int) -> HoursEntryData | None:
    entry = HoursEntry.objects.select_related("organisation").filter(pk=entry_id).first()
    return _entry_data(entry) if entry else None


def user_totals(user_id: int, year: int | None = None) -> HoursTotals:
    """A person's minutes by status, by organisation and by year."""
    return selectors.totals(user=user_id, year=year)


def confirmed_minutes(
    user_id: int,
    *,
    organisation_ids=None,
    date_from: Date | None = None,
    date_to: Date | None = None,
) -> int:
    """A person's confirmed minutes, optionally at some organisations and between two dates
    (both included)."""
    qs = HoursEntry.objects.filter(user_id=user_id, status=HoursEntry.Status.CONFIRMED)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=list(organisation_ids))
    if date_from is not None:
        qs = qs.filter(date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(date__lte=date_to)
    return qs.aggregate(minutes=Sum("minutes", default=0))["minutes"]


def minutes_by_status(*, user_id: int, source: str, source_ref_prefix: str) -> dict[str, int]:
    """A person's minutes by status (``submitted``, ``confirmed``, ``rejected``) over the
    entries an app recorded with references starting with ``source_ref_prefix`` (one query)."""
    qs = HoursEntry.objects.filter(
        user_id=user_id, source=source, source_ref__startswith=source_ref_prefix
    )
    return qs.aggregate(
        **{
            status: Sum("minutes", filter=Q(status=status), default=0)
            for status in HoursEntry.Status.values
        }
    )


def minutes_by_status_many(
    *, source: str, refs: list[tuple[int, str]]
) -> dict[tuple[int, str], dict[str, int]]:
    """:func:`minutes_by_status` for many ``(user_id, source_ref_prefix)`` pairs in one query
    (a page of students), keyed by the pair."""
    if not refs:
        return {}
    aggregates = {}
    for index, (user_id, prefix) in enumerate(refs):
        match = Q(user_id=user_id, source_ref__startswith=prefix)
        for status in HoursEntry.Status.values:
            aggregates[f"r{index}_{status}"] = Sum(
                "minutes", filter=match & Q(status=status), default=0
            )
    row = HoursEntry.objects.filter(
        source=source, user_id__in={user_id for user_id, _prefix in refs}
    ).aggregate(**aggregates)
    return {
        ref: {status: row[f"r{index}_{status}"] for status in HoursEntry.Status.values}
        for index, ref in enumerate(refs)
    }


def entries_by_ref(
    *, user_id: int, source: str, source_ref_prefix: str, limit: int | None = None
) -> list[HoursEntryData]:
    """A person's entries whose references start with ``source_ref_prefix``, newest first."""
    qs = (
        HoursEntry.objects.filter(
            user_id=user_id, source=source, source_ref__startswith=source_ref_prefix
        )
        .select_related("organisation")
        .order_by("-date", "-pk")
    )
    if limit is not None:
        qs = qs[:limit]
    return [_entry_data(entry) for entry in qs]
