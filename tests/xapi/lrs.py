"""A small local LRS for the tests: the statements resource of xAPI 1.0.3, in a thread.

``PUT /xAPI/statements?statementId=...`` and ``POST /xAPI/statements`` store statements after
checking the version header and the statement's required parts (``SCHEMA``); a statement id
the LRS has already answers 409 (PUT, as LRSs may) without changing what is stored.
``stop()`` takes the LRS down (connections are refused) and ``start()`` brings it back on the
same port; ``status`` makes it answer every request with that code instead (e.g. 503).
"""

import base64
import json
import uuid
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import jsonschema

from tests.httpserver import JsonHandler, LocalServer

IRI = {"type": "string", "pattern": r"^[a-zA-Z][a-zA-Z0-9+.-]*:"}
LANGUAGE_MAP = {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}}

# The parts of a statement xAPI 1.0.3 requires (and the forms of those this platform sends).
SCHEMA = {
    "type": "object",
    "required": ["id", "actor", "verb", "object", "timestamp", "version"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "actor": {
            "type": "object",
            "properties": {"objectType": {"const": "Agent"}},
            "oneOf": [
                {"required": ["mbox"], "properties": {"mbox": {"pattern": "^mailto:"}}},
                {"required": ["mbox_sha1sum"]},
                {"required": ["openid"]},
                {
                    "required": ["account"],
                    "properties": {
                        "account": {
                            "type": "object",
                            "required": ["homePage", "name"],
                            "properties": {"homePage": IRI, "name": {"type": "string"}},
                        }
                    },
                },
            ],
        },
        "verb": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": IRI, "display": LANGUAGE_MAP},
        },
        "object": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "objectType": {"const": "Activity"},
                "id": IRI,
                "definition": {
                    "type": "object",
                    "properties": {"name": LANGUAGE_MAP, "type": IRI},
                },
            },
        },
        "result": {
            "type": "object",
            "properties": {
                "score": {
                    "type": "object",
                    "properties": {
                        "scaled": {"type": "number", "minimum": -1, "maximum": 1},
                        "raw": {"type": "number"},
                        "min": {"type": "number"},
                        "max": {"type": "number"},
                    },
                },
                "success": {"type": "boolean"},
                "completion": {"type": "boolean"},
                "duration": {"type": "string", "pattern": "^P"},
            },
        },
        "context": {
            "type": "object",
            "properties": {"platform": {"type": "string"}, "language": {"type": "string"}},
        },
        "timestamp": {"type": "string", "format": "date-time"},
        "version": {"type": "string", "pattern": r"^1\.0\.\d+$"},
    },
}

_checker = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def problems(statement) -> list[str]:
    """What makes ``statement`` break the spec's required parts (empty when it conforms)."""
    errors = [error.message for error in _checker.iter_errors(statement)]
    try:
        uuid.UUID(statement.get("id", ""))
    except (ValueError, AttributeError, TypeError):
        errors.append("id is not a UUID")
    try:
        datetime.fromisoformat(statement.get("timestamp", ""))
    except (ValueError, TypeError):
        errors.append("timestamp is not ISO 8601")
    return errors


class LRS(LocalServer):
    def __init__(self, *, username: str = "lrs", password: str = "secret") -> None:  # noqa: S107
        self.statements: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []  # (method, statement id or "")
        self.rejected: list[list[str]] = []
        self.status: int | None = None
        self.credentials = (username, password)
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def _handler(self):
        lrs = self

        class Handler(JsonHandler):
            def _store(self, method: str) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                query_id = parse_qs(url.query).get("statementId", [""])[0]
                lrs.requests.append((method, query_id))
                if lrs.status is not None:
                    return self._answer(lrs.status)
                if url.path != "/xAPI/statements":
                    return self._answer(404)
                if not self.headers.get("X-Experience-API-Version", "").startswith("1.0."):
                    return self._answer(400, {"error": "X-Experience-API-Version missing"})
                expected = "Basic " + base64.b64encode(":".join(lrs.credentials).encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._answer(401)
                try:
                    statement = json.loads(body)
                except ValueError:
                    return self._answer(400, {"error": "not JSON"})
                errors = problems(statement)
                if method == "PUT" and statement.get("id") != query_id:
                    errors.append("statementId differs from the statement's id")
                if errors:
                    lrs.rejected.append(errors)
                    return self._answer(400, {"errors": errors})
                if statement["id"] in lrs.statements:
                    return self._answer(409)
                lrs.statements[statement["id"]] = statement
                return (
                    self._answer(204) if method == "PUT" else self._answer(200, [statement["id"]])
                )

            def do_PUT(self):
                self._store("PUT")

            def do_POST(self):
                self._store("POST")

        return Handler
