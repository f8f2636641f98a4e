"""The filters take free input from the address bar: whatever comes, the form either refuses
it with a message or gives a query inside the person's scope."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.accounts.data import RegionData, RegionScope
from lms.reports.data import Choice
from lms.reports.forms import ReportFilterForm
from lms.reports.selectors import Options

REGIONS = [
    RegionData(id=1, code="KZ-71", country="KZ", name="Астана", time_zone="Asia/Almaty"),
    RegionData(id=2, code="KZ-75", country="KZ", name="Алматы", time_zone="Asia/Almaty"),
    RegionData(id=3, code="RU-KR", country="RU", name="Карелия", time_zone="Europe/Moscow"),
]
OPTIONS = Options(
    regions=REGIONS,
    countries=[("KZ", "Казахстан"), ("RU", "Россия")],
    organisations=[(10, "Фронт-офис", 1), (11, "НКО", 2), (12, "Центр", 3)],
    extra={"course": (Choice(5, "Курс"),), "audience": (Choice(7, "Волонтёры"),)},
)
ADMIN = RegionScope(everything=True, region_ids=frozenset())
ASTANA = RegionScope(everything=False, region_ids=frozenset({1}))

text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "1", "2", "3", "10", "11", "12", "KZ", "RU", "5", "7", "-1", "1e3"]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)).map(str),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    scope=st.sampled_from([ADMIN, ASTANA]),
    data=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("start", "end", "country", "region", "organisation", "course", "audience"), text
        ),
    ),
)
def test_free_input_is_refused_or_stays_in_scope(scope, data):
    form = ReportFilterForm(data, options=OPTIONS, scope=scope)
    if not form.is_valid():
        assert form.errors
        return
    query = form.query(today=dt.date(2026, 11, 25), time_zone="Asia/Almaty")
    assert query.start <= query.end
    assert (query.end - query.start).days < 3700
    if not scope.everything:
        assert query.region_ids is not None
        assert query.region_ids <= scope.region_ids
    if query.organisation_id is not None:
        region = {pk: r for pk, _n, r in OPTIONS.organisations}[query.organisation_id]
        assert query.region_ids is None or region in query.region_ids
    assert form.params().keys() <= set(data)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"start": "1999-12-31", "end": "2026-04-01"}, "start"),
        ({"start": "2000-01-01", "end": "2026-04-01"}, "end"),
        ({"start": "2026-01-01", "end": "2026-04-01", "country": "RU", "region": "1"}, "region"),
        (
            {"start": "2026-01-01", "end": "2026-04-01", "region": "1", "organisation": "11"},
            "organisation",
        ),
        ({"start": "2026-01-01", "end": "2026-04-01", "region": "9"}, "region"),
        ({"start": "yesterday", "end": "2026-04-01"}, "start"),
    ],
)
def test_wrong_filters_get_a_message(data, field):
    form = ReportFilterForm(data, options=OPTIONS, scope=ADMIN)
    assert not form.is_valid()
    assert form.errors[field]


def test_a_regional_coordinator_cannot_pick_another_region():
    data = {"start": "2026-01-01", "end": "2026-04-01", "region": "3"}
    form = ReportFilterForm(data, options=OPTIONS, scope=ASTANA)
    # the options a regional coordinator gets never hold other regions; even if sent, the
    # query stays in scope
    assert (
        not form.is_valid()
        or form.query(today=dt.date(2026, 11, 25), time_zone="Asia/Almaty").region_ids
        == frozenset()
    )


def test_the_period_is_days_of_the_time_zone():
    form = ReportFilterForm(
        {"start": "2026-03-01", "end": "2026-03-31"}, options=OPTIONS, scope=ADMIN
    )
    assert form.is_valid()
    query = form.query(today=dt.date(2026, 11, 25), time_zone="Asia/Almaty")
    assert query.start_at.isoformat() == "2026-03-01T00:00:00+05:00"
    assert query.end_at.isoformat() == "2026-04-01T00:00:00+05:00"
    assert not query.monthly
    assert len(query.buckets()) == 31
