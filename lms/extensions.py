"""Slots where apps add to pages they do not own.

An app registers a provider in its ``AppConfig.ready()``; the page that owns a slot calls
:func:`collect` and renders what comes back. The owner never imports the contributing app, so
a removed app simply stops contributing (the way pretix plugins answer signals).

Slots in use:

``learner_dashboard``
    ``provider(request) -> Panel | None``: a section of the learner's "My learning" page.
``cohort_actions``
    ``provider(request, cohort_id) -> list[Link]``: links on a cohort's management page.
``volunteer_book``
    ``provider(user_id: int, year: int | None) -> list[BookSection]``: sections of the
    person's printable volunteer book (``lms.hours``), after the confirmed activities, e.g.
    supervisors' feedback on a placement; ``year`` is the year the book is printed for, or
    ``None`` for all years. The text is printed as plain text (escaped, line breaks kept).
``hours_decision``
    ``provider(*, user_id, source, source_ref, minutes, status) -> None``: called by the
    hours ledger (``lms.hours``) inside the transaction that confirms an entry: a supervisor's
    confirmation (after the entry's row is locked) and an app recording confirmed hours
    (``record_hours`` with ``confirmed_by_id`` or ``status="confirmed"``); never when hours
    are submitted or rejected. It raises ``lms.hours.api.HoursError`` to refuse the
    confirmation, which then changes nothing; it returns ``None`` to let it pass.
``social_credit_student``
    ``provider(request) -> Panel | None``: a section of the student's social-credit page
    (``lms.socialcredit``), e.g. their vouchers.
``reports``
    ``provider(query: lms.reports.data.ReportQuery) -> Section | None``: an app's part of the
    programme coordinators' reports (``lms.reports``), aggregated in the database; see
    :mod:`lms.reports.api`.
``report_filters``
    ``provider(query) -> list[FilterChoices]``: the options of the reports' course and
    audience filters.
``social_credit_links``
    ``provider(request) -> list[Link]``: links at the top of the social-credit page for the
    people an app serves there, e.g. the voucher list of programme coordinators and
    universities.
``rest_routes``
    ``provider(router) -> None``: registers an app's read-only viewsets on the REST API's
    router (``router.register(prefix, viewset, basename=...)``), served under ``/api/v1/``
    and described in the OpenAPI schema (``lms.restapi``; base classes in
    :mod:`lms.restapi.api`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Panel:
    """A section rendered with ``template`` and ``context``; lower ``order`` comes first."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class BookSection:
    """A section of the volunteer book (``volunteer_book`` slot); lower ``order`` first."""

    title: str
    subtitle: str = ""
    text: str = ""
    order: int = 100


@dataclass(frozen=True)
class Link:
    label: str
    url: str


_providers: dict[str, dict[str, str]] = {}


def register(slot: str, name: str, provider_path: str) -> None:
    """Register (or replace) the provider ``name`` of ``slot``, given by dotted path so that
    the provider's module is imported only when the slot is rendered."""
    _providers.setdefault(slot, {})[name] = provider_path


def providers(slot: str) -> list[Callable[..., Any]]:
    return [import_string(path) for _name, path in sorted(_providers.get(slot, {}).items())]


def collect(slot: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Every provider's answer for the slot, leaving out empty ones; lists are flattened.
    Panels and book sections come by ``order`` (then by provider name)."""
    answers: list[Any] = []
    for provider in providers(slot):
        answer = provider(*args, **kwargs)
        if not answer:
            continue
        if isinstance(answer, list | tuple):
            answers.extend(answer)
        else:
            answers.append(answer)
    if answers and all(isinstance(answer, Panel | BookSection) for answer in answers):
        answers.sort(key=lambda answer: answer.order)
    return answers
