import pytest

from tests.reports.helpers import World


@pytest.fixture
def world(site_tree):
    return World(site_tree.home["ru"])
