import pytest

from tests.xapi.lrs import LRS


@pytest.fixture
def lrs(settings):
    """A local LRS the deployment is configured to send statements to."""
    server = LRS(username="vektor", password="lrs-secret").start()
    settings.XAPI_LRS_ENDPOINT = server.endpoint
    settings.XAPI_LRS_USERNAME = "vektor"
    settings.XAPI_LRS_PASSWORD = "lrs-secret"
    settings.SITE_URL = "https://vektor.example.org"
    yield server
    server.stop()
