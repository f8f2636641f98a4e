"""The tool's keys: published at /lti/jwks/, rotated with an overlap."""

from datetime import timedelta

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.lti import services
from courses.lti.models import ToolKey

pytestmark = pytest.mark.django_db


def kids(client) -> list[str]:
    response = client.get("/lti/jwks/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [key["kid"] for key in response.json()["keys"]]


def test_jwks_makes_a_first_key_and_shows_only_public_parts(client):
    assert not ToolKey.objects.exists()
    response = client.get("/lti/jwks/")
    (key,) = response.json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert {"n", "e", "kid"} <= set(key)
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
    assert key["kid"] == ToolKey.objects.get().kid
    # The key is 2048 bits and checks what its private half signs.
    public = jwt.PyJWK.from_dict(key)
    assert public.key.key_size == 2048
    private = ToolKey.objects.get().private_key
    token = jwt.encode({"x": 1}, private, algorithm="RS256")
    assert jwt.decode(token, public.key, algorithms=["RS256"]) == {"x": 1}
    assert kids(client) == [key["kid"]]  # made once


def test_rotation_publishes_the_new_key_and_keeps_the_old_one_within_the_overlap(client, settings):
    settings.LTI_KEY_OVERLAP_DAYS = 7
    old = services.tool_key_current()
    new = services.tool_key_rotate()
    assert new.kid != old.kid
    assert services.tool_key_current() == new
    assert kids(client) == [new.kid, old.kid]

    ToolKey.objects.filter(pk=old.pk).update(retired_at=timezone.now() - timedelta(days=6))
    assert kids(client) == [new.kid, old.kid]
    ToolKey.objects.filter(pk=old.pk).update(retired_at=timezone.now() - timedelta(days=8))
    assert kids(client) == [new.kid]


def test_rotation_command(client):
    first = services.tool_key_current()
    call_command("lti_rotate_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    current = services.tool_key_current()
    assert current != first
    assert ToolKey.objects.get(pk=first.pk).retired_at is not None
    assert set(kids(client)) == {first.kid, current.kid}


def test_only_the_tool_module_knows_pylti1p3():
    import ast
    from pathlib import Path

    import courses.lti

    root = Path(courses.lti.__file__).parent
    importers = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "pylti1p3" for name in names):
                importers.add(path.relative_to(root).as_posix())
    assert importers == {"tool.py"}
