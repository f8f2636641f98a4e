"""A regional coordinator sees their regions only, a national front office its country, an
administrator everything; the filters offer only what a person may see."""

import pytest
from django.urls import reverse

from tests.reports.helpers import YEAR

pytestmark = pytest.mark.django_db


def board_of(client, user, **filters):
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), {**YEAR, **filters})
    assert response.status_code == 200
    return response.context.get("board"), response


def regions(board) -> dict[str, dict]:
    table = board.region_table
    keys = [column.key for column in table.columns]
    return {row[0]: dict(zip(keys, row, strict=True)) for row in table.rows}


def figure(board, key):
    return next(f.value for s in board.sections for f in s.figures if f.key == key)


def test_a_regional_coordinator_sees_their_region_only(client, world):
    board, response = board_of(client, world.regional)
    assert list(regions(board)) == ["Астана"]
    assert regions(board)["Астана"]["enrolments"] == 3
    assert figure(board, "enrolments") == 3  # not Almaty's, Karelia's or the regionless one
    assert figure(board, "completions") == 2
    # the filters offer only Astana and its organisations
    form = response.context["form"]
    assert [label for value, label in _flat(form.fields["region"].choices) if value] == ["Астана"]
    organisation_regions = {r for _pk, _n, r in response.context["options"].organisations}
    assert organisation_regions == {world.astana.pk}


def test_a_national_coordinator_sees_every_region_of_the_country(client, world):
    board, _response = board_of(client, world.national)
    assert list(regions(board)) == ["Алматы", "Астана"]
    assert regions(board)["Алматы"]["enrolments"] == 2  # the cohort counts where it runs
    assert figure(board, "enrolments") == 5
    assert "Карелия" not in regions(board)


def test_an_administrator_sees_everything_and_records_of_no_region(client, world):
    board, _response = board_of(client, world.admin)
    rows = regions(board)
    assert set(rows) == {"Алматы", "Астана", "Карелия", "Регион не указан"}
    assert rows["Регион не указан"]["enrolments"] == 1
    assert figure(board, "enrolments") == 7
    assert board.region_table.footer[1] == 7


def test_an_administrator_filters_by_country_and_region(client, world):
    board, _response = board_of(client, world.admin, country="RU")
    assert list(regions(board)) == ["Карелия"]
    assert figure(board, "enrolments") == 1
    board, _response = board_of(client, world.admin, region=world.almaty.pk)
    assert list(regions(board)) == ["Алматы"]
    assert figure(board, "completions") == 1


@pytest.mark.parametrize("field", ["region", "organisation"])
def test_a_region_outside_the_scope_cannot_be_asked_for(client, world, field):
    value = (
        world.karelia.pk if field == "region" else world.russian.memberships.get().organisation_id
    )
    board, response = board_of(client, world.regional, **{field: value})
    assert board is None
    assert response.context["form"].errors[field]
    assert "Карелия" not in response.content.decode()


def test_a_region_not_in_the_chosen_country_is_an_error(client, world):
    board, response = board_of(client, world.admin, country="RU", region=world.astana.pk)
    assert board is None
    assert "не входит в выбранную страну" in response.content.decode()


def test_losing_the_role_closes_the_reports(client, world):
    world.regional.memberships.all().delete()
    client.force_login(world.regional)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def _flat(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label
