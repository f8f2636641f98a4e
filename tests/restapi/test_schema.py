"""The OpenAPI schema is valid and complete, and a schema-driven fuzz run (schemathesis)
finds no server error, anonymous or with a programme coordinator's token."""

import contextlib
import time

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from lms.wsgi import application
from tests.restapi.conftest import make_certificate, make_voucher

pytestmark = pytest.mark.django_db

OPERATIONS = {
    "/api/v1/courses/",
    "/api/v1/courses/{id}/",
    "/api/v1/me/enrolments/",
    "/api/v1/me/hours/",
    "/api/v1/certificates/{code}/",
    "/api/v1/vouchers/{code}/",
    "/api/v1/region/enrolments/",
    "/api/v1/region/completions/",
    "/api/v1/region/hours/",
}


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in OPERATIONS:
        assert f"  {path}:" in text, path
    assert "/admin/" not in text


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["openapi"].startswith("3.")
    assert set(body["paths"]) == OPERATIONS
    assert {"tokenAuth", "cookieAuth"} <= set(body["components"]["securitySchemes"])
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI from our own static files, never a CDN
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


@contextlib.contextmanager
def connection_kept_open():
    """Like Django's test client: a request must not close the test's database connection
    (it holds the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def fuzz(headers: dict[str, str], *, max_examples: int = 20) -> int:
    with connection_kept_open():
        return _fuzz(headers, max_examples=max_examples)


def _fuzz(headers: dict[str, str], *, max_examples: int) -> int:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            nonlocal calls
            response = case.call(headers=headers)
            calls += 1
            case.validate_response(response, checks=[not_a_server_error])

        run()
    return calls


def test_fuzzing_finds_no_server_error(world):
    make_certificate(world.learner)
    make_voucher(world.learner)
    started = time.monotonic()
    assert fuzz({}) > len(OPERATIONS)
    key = Token.objects.create(user=world.national).key
    assert fuzz({"Authorization": f"Token {key}"}) > len(OPERATIONS)
    assert time.monotonic() - started < 60
