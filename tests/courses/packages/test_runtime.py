"""The SCORM data-model rules the run-time endpoint enforces."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from courses.packages.runtime import (
    SCORM12,
    SCORM2004,
    WRITABLE,
    RuntimeValueError,
    validate,
    validate_value,
)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the product's default language is Russian)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "version,element,value",
    [
        (SCORM12, "cmi.core.lesson_status", "passed"),
        (SCORM12, "cmi.core.score.raw", "87.5"),
        (SCORM12, "cmi.core.score.raw", ""),
        (SCORM12, "cmi.core.session_time", "0001:02:03.45"),
        (SCORM12, "cmi.suspend_data", "x" * 4096),
        (SCORM12, "cmi.core.exit", "suspend"),
        (SCORM2004, "cmi.completion_status", "completed"),
        (SCORM2004, "cmi.success_status", "failed"),
        (SCORM2004, "cmi.score.scaled", "-0.5"),
        (SCORM2004, "cmi.score.raw", "250"),
        (SCORM2004, "cmi.session_time", "PT1H2M3.5S"),
        (SCORM2004, "cmi.suspend_data", "ж" * 64000),
        (SCORM2004, "cmi.location", "страница-3"),
    ],
)
def test_valid_values_are_accepted(version, element, value):
    assert validate_value(version, element, value) == value


@pytest.mark.parametrize(
    "version,element,value,fragment",
    [
        (SCORM12, "cmi.core.lesson_status", "done", "not a valid value"),
        (SCORM12, "cmi.core.lesson_status", "not attempted", "not a valid value"),
        (SCORM12, "cmi.core.score.raw", "101", "out of range"),
        (SCORM12, "cmi.core.score.raw", "1e3", "not a valid value"),
        (SCORM12, "cmi.core.score.raw", "NaN", "not a valid value"),
        (SCORM12, "cmi.suspend_data", "x" * 4097, "4096"),
        (SCORM12, "cmi.core.student_id", "7", "read-only"),
        (SCORM12, "cmi.core.session_time", "1:2:3", "not a valid value"),
        (SCORM12, "cmi.interactions.0.id", "q1", "not a data model element"),
        (SCORM2004, "cmi.score.scaled", "1.5", "out of range"),
        (SCORM2004, "cmi.completion_status", "passed", "not a valid value"),
        (SCORM2004, "cmi.suspend_data", "x" * 64001, "64000"),
        (SCORM2004, "cmi.learner_id", "7", "read-only"),
        (SCORM2004, "cmi.session_time", "P", "not a valid value"),
        (SCORM2004, "cmi.session_time", "PT", "not a valid value"),
        (SCORM2004, "cmi.core.lesson_status", "passed", "not a data model element"),
    ],
)
def test_invalid_values_are_refused_with_a_message(version, element, value, fragment):
    with pytest.raises(RuntimeValueError) as refused:
        validate_value(version, element, value)
    assert fragment in refused.value.message
    assert refused.value.element == element


def test_values_must_be_strings_in_an_object():
    with pytest.raises(RuntimeValueError):
        validate(SCORM12, {"cmi.core.score.raw": 90})
    with pytest.raises(RuntimeValueError):
        validate(SCORM12, ["cmi.core.score.raw"])


ELEMENTS = st.sampled_from(
    [(version, element) for version in WRITABLE for element in WRITABLE[version]]
    + [(SCORM12, "cmi.core.student_id"), (SCORM2004, "cmi.mode"), (SCORM2004, "bogus")]
)


@given(ELEMENTS, st.one_of(st.text(max_size=80), st.integers(), st.none(), st.floats()))
def test_any_input_is_either_accepted_unchanged_or_refused_cleanly(element, value):
    version, name = element
    try:
        accepted = validate_value(version, name, value)
    except RuntimeValueError as error:
        assert error.message
        return
    assert accepted == value and isinstance(value, str)


@given(st.floats(min_value=-1, max_value=1, allow_nan=False))
def test_scaled_scores_in_range_are_accepted(number):
    value = f"{number:.7f}"
    assert validate_value(SCORM2004, "cmi.score.scaled", value) == value


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda n: abs(n) > 1.0001))
def test_scaled_scores_out_of_range_are_refused(number):
    value = f"{number:.3f}"
    with pytest.raises(RuntimeValueError):
        validate_value(SCORM2004, "cmi.score.scaled", value)
