"""Slots where apps add to pages they do not own.

An app registers a provider in its ``AppConfig.ready()``; the page that owns a slot calls
:func:`collect` and renders what comes back. The owner never imports the contributing app, so
a removed app simply stops contributing (the way pretix plugins answer signals).

Slots in use:

``learner_dashboard``
    ``provider(request) -> Panel | None``: a section of the learner's "My learning" page.
``cohort_actions``
    ``provider(request, cohort_id) -> list[Link]``: links on a cohort's management page.
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
    """Every provider's answer for the slot, leaving out empty ones; lists are flattened."""
    answers: list[Any] = []
    for provider in providers(slot):
        answer = provider(*args, **kwargs)
        if not answer:
            continue
        if isinstance(answer, list | tuple):
            answers.extend(answer)
        else:
            answers.append(answer)
    if answers and all(isinstance(answer, Panel) for answer in answers):
        answers.sort(key=lambda panel: panel.order)
    return answers
