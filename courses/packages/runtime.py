"""SCORM run-time data model: which elements a package may set, and which values are valid.

The browser's API adapter (``site/static/courses/scorm-runtime.js``) applies the same rules
and answers the package with the standard error codes; the server checks again, since a
request can come from anywhere.
"""

import math
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

SCORM12 = "scorm12"
SCORM2004 = "scorm2004"

_DECIMAL12 = re.compile(r"^-?\d{1,10}(\.\d{1,10})?$")
_REAL = re.compile(r"^[-+]?(\d{1,10}(\.\d{0,10})?|\.\d{1,10})$")
_TIMESPAN12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")


@dataclass(frozen=True)
class Element:
    kind: str  # "string" | "vocab" | "decimal" | "real" | "timespan" | "duration"
    limit: int = 0  # the longest string
    vocabulary: frozenset[str] = frozenset()
    low: float | None = None
    high: float | None = None


# Elements a package may set. Everything else it reads only (or is not implemented).
WRITABLE: dict[str, dict[str, Element]] = {
    SCORM12: {
        "cmi.core.lesson_location": Element("string", limit=255),
        "cmi.core.lesson_status": Element(
            "vocab",
            vocabulary=frozenset({"passed", "completed", "failed", "incomplete", "browsed"}),
        ),
        "cmi.core.score.raw": Element("decimal", low=0, high=100),
        "cmi.core.score.min": Element("decimal", low=0, high=100),
        "cmi.core.score.max": Element("decimal", low=0, high=100),
        "cmi.core.exit": Element(
            "vocab", vocabulary=frozenset({"time-out", "suspend", "logout", ""})
        ),
        "cmi.core.session_time": Element("timespan"),
        "cmi.suspend_data": Element("string", limit=4096),
        "cmi.comments": Element("string", limit=4096),
    },
    SCORM2004: {
        "cmi.location": Element("string", limit=1000),
        "cmi.completion_status": Element(
            "vocab",
            vocabulary=frozenset({"completed", "incomplete", "not attempted", "unknown"}),
        ),
        "cmi.success_status": Element(
            "vocab", vocabulary=frozenset({"passed", "failed", "unknown"})
        ),
        "cmi.score.scaled": Element("real", low=-1, high=1),
        "cmi.score.raw": Element("real"),
        "cmi.score.min": Element("real"),
        "cmi.score.max": Element("real"),
        "cmi.progress_measure": Element("real", low=0, high=1),
        "cmi.exit": Element(
            "vocab", vocabulary=frozenset({"time-out", "suspend", "logout", "normal", ""})
        ),
        "cmi.session_time": Element("duration"),
        "cmi.suspend_data": Element("string", limit=64000),
    },
}

READ_ONLY: dict[str, frozenset[str]] = {
    SCORM12: frozenset(
        {
            "cmi.core._children",
            "cmi.core.student_id",
            "cmi.core.student_name",
            "cmi.core.credit",
            "cmi.core.entry",
            "cmi.core.total_time",
            "cmi.core.lesson_mode",
            "cmi.core.score._children",
            "cmi.launch_data",
            "cmi.student_data.mastery_score",
        }
    ),
    SCORM2004: frozenset(
        {
            "cmi._version",
            "cmi.learner_id",
            "cmi.learner_name",
            "cmi.credit",
            "cmi.entry",
            "cmi.mode",
            "cmi.total_time",
            "cmi.launch_data",
            "cmi.score._children",
            "cmi.completion_threshold",
            "cmi.scaled_passing_score",
        }
    ),
}


class RuntimeValueError(Exception):
    def __init__(self, message: str, element: str) -> None:
        super().__init__(message)
        self.message = message
        self.element = element


def _number(value: str, pattern: re.Pattern) -> float | None:
    if not pattern.match(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def validate_value(version: str, element: str, value) -> str:
    """The value if ``element`` may be set to it, else RuntimeValueError with a message."""
    spec = WRITABLE[version].get(element)
    if spec is None:
        if element in READ_ONLY[version]:
            raise RuntimeValueError(_("%(element)s is read-only.") % {"element": element}, element)
        raise RuntimeValueError(
            _("%(element)s is not a data model element this site records.") % {"element": element},
            element,
        )
    if not isinstance(value, str):
        raise RuntimeValueError(
            _("%(element)s: the value must be a string.") % {"element": element}, element
        )
    bad = _("%(element)s: “%(value)s” is not a valid value.") % {
        "element": element,
        "value": value[:50],
    }
    if spec.kind == "string":
        if len(value) > spec.limit:
            raise RuntimeValueError(
                _("%(element)s: the value is longer than %(limit)s characters.")
                % {"element": element, "limit": spec.limit},
                element,
            )
        if "\x00" in value:
            raise RuntimeValueError(bad, element)
        return value
    if spec.kind == "vocab":
        if value not in spec.vocabulary:
            raise RuntimeValueError(bad, element)
        return value
    if spec.kind in ("decimal", "real"):
        if value == "" and version == SCORM12:
            return value  # CMIBlank: a 1.2 score may be cleared
        number = _number(value, _DECIMAL12 if spec.kind == "decimal" else _REAL)
        if number is None:
            raise RuntimeValueError(bad, element)
        if (spec.low is not None and number < spec.low) or (
            spec.high is not None and number > spec.high
        ):
            raise RuntimeValueError(
                _("%(element)s: %(value)s is out of range (%(low)s to %(high)s).")
                % {"element": element, "value": value, "low": spec.low, "high": spec.high},
                element,
            )
        return value
    pattern = _TIMESPAN12 if spec.kind == "timespan" else _DURATION
    if not pattern.match(value):
        raise RuntimeValueError(bad, element)
    return value


def validate(version: str, values) -> dict[str, str]:
    """Every element of ``values`` checked; the first bad one raises RuntimeValueError."""
    if not isinstance(values, dict):
        raise RuntimeValueError(_("The data model values must be an object."), "")
    return {
        str(element): validate_value(version, str(element), value)
        for element, value in values.items()
    }


def as_float(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
