"""The course completion rule and its extension point.

A course is complete when every requirement holds. The courses app checks its own (lessons,
and through them quizzes); other apps add theirs with :func:`register_requirement` in their
``AppConfig.ready()`` — the trainer network registers webinar attendance. A requirement is a
callable ``(enrolment) -> Requirement``; it reads, never writes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Requirement:
    key: str
    label: str
    done: int
    needed: int

    @property
    def met(self) -> bool:
        return self.done >= self.needed


Check = Callable[[object], Requirement | None]
_checks: dict[str, Check] = {}

# Counts a learner's attended webinars for a course: (user_id, course_id) -> int.
WebinarCounter = Callable[[int, int], int]
_webinar_counter: list[WebinarCounter] = []


def register_requirement(key: str, check: Check) -> None:
    """Add (or replace) a completion requirement. ``check`` returns None when it does not
    apply to the enrolment's course."""
    _checks[key] = check


def register_webinar_counter(counter: WebinarCounter) -> None:
    """The trainer network tells how many webinars of a course a learner attended."""
    _webinar_counter[:] = [counter]


def webinar_requirement(enrolment) -> Requirement | None:
    needed = enrolment.course.required_webinars
    if not needed:
        return None
    done = _webinar_counter[0](enrolment.user_id, enrolment.course_id) if _webinar_counter else 0
    return Requirement("webinars", str(_("Webinars attended")), min(done, needed), needed)


register_requirement("webinars", webinar_requirement)


def extra_requirements(enrolment) -> list[Requirement]:
    return [r for check in _checks.values() if (r := check(enrolment)) is not None]
