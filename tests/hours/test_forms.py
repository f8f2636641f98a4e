"""The form that takes free input: never a server error, either valid and sensible or an
explained refusal."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.hours.forms import HoursEntryForm
from tests.factories import OrganisationFactory
from tests.hours.factories import TODAY

numbers = st.one_of(
    st.integers(min_value=-3, max_value=30).map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", " ", "1.0", "2,5", "1e3", "٣", "²", "０", "NaN", "-0"]),
    st.text(max_size=8),
)
dates = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
        lambda day: day.isoformat()
    ),
    st.dates(min_value=TODAY - datetime.timedelta(days=800), max_value=TODAY).map(
        lambda day: day.strftime("%d.%m.%Y")
    ),
    st.sampled_from(["", "2026-02-30", "31.12.99", "24.11.2026", "0000-01-01", "10000-01-01"]),
    st.text(max_size=12),
)
descriptions = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="әғқңөұүһі абв\n\t\x00", max_size=2100),
    st.sampled_from(["", "   ", "Помощь в центре", "a" * 2000, "a" * 2001]),
)


def _as_number(text: str) -> int:
    """What a person meant by a number field ("", "2", " 2 ", "2.0")."""
    return int(re.sub(r"\.0*$", "", text.strip()) or 0)


@pytest.mark.django_db
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hours=numbers, minutes=numbers, date=dates, description=descriptions)
def test_free_input_is_valid_and_sensible_or_refused(hours, minutes, date, description):
    organisation = OrganisationFactory()
    form = HoursEntryForm(
        data={
            "organisation": str(organisation.pk),
            "date": date,
            "hours": hours,
            "minutes": minutes,
            "source": "practice",
            "description": description,
        },
        today=TODAY,
    )
    if form.is_valid():
        data = form.cleaned_data
        assert data["total_minutes"] == (data["hours"] or 0) * 60 + (data["minutes"] or 0)
        assert 0 < data["total_minutes"] <= 24 * 60
        assert 0 <= (data["minutes"] or 0) <= 59
        assert data["date"] <= TODAY
        assert data["description"] and data["description"] == data["description"].strip()
        assert _as_number(hours) * 60 + _as_number(minutes) == data["total_minutes"]
    else:
        assert form.errors
        assert all(str(message) for messages in form.errors.values() for message in messages)
