"""Which regions a coordinator coordinates: their organisations' regions, and at a national
front office every region of its country (never another country's)."""

import pytest

from courses import api as courses
from courses.models import Cohort
from lms.accounts import api as accounts
from tests.reports.helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    return World(site_tree.home["ru"])


def test_regional_national_and_administrator_scopes(world):
    regional = accounts.coordination_scope(world.regional)
    assert regional.region_ids == {world.astana.pk}
    national = accounts.coordination_scope(world.national)
    assert national.region_ids == {world.astana.pk, world.almaty.pk}
    assert not national.covers(world.karelia.pk)
    assert not national.covers(None)
    admin = accounts.coordination_scope(world.admin)
    assert admin.everything and admin.covers(None)
    # a volunteer coordinator is no programme coordinator: no reports
    assert accounts.coordination_scope(world.volunteer_coordinator).empty
    assert accounts.coordination_scope(world.learner).empty


def test_a_national_coordinator_manages_the_countrys_cohorts(world):
    cohort = Cohort.objects.get(pk=world.cohort_almaty.pk)
    assert courses.coordinates_cohort(world.national, cohort.pk)
    assert not courses.coordinates_cohort(world.regional, cohort.pk)
    assert not courses.coordinates_cohort(world.russian, cohort.pk)
