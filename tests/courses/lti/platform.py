"""A partner LMS for the tests, playing the platform's side of LTI 1.3 with its own keys.

In a thread it serves over HTTP: its public keys (``GET /jwks``), an OAuth 2 token endpoint
(``POST /token``) that checks the tool's client assertion against the tool's own JWKS (fetched
over HTTP from ``tool_jwks_url``), and AGS score endpoints (``POST /lineitems/<id>/scores``)
that want a bearer token it issued and record the scores. ``id_token()`` signs launch messages
as the platform's authorisation endpoint would. ``stop()`` takes it down (connections are
refused) and ``start()`` brings it back on the same port.
"""

import json
import secrets
import time
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
from jwcrypto.jwk import JWK

from tests.httpserver import JsonHandler, LocalServer

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"


def new_key(kid: str) -> JWK:
    return JWK.generate(kty="RSA", size=2048, kid=kid)


class PartnerPlatform(LocalServer):
    issuer = "https://lms.partner.example"
    client_id = "vektor-client-1"
    deployment_id = "deployment-1"

    def __init__(self) -> None:
        self.key = new_key("platform-key-1")
        self.port = 0
        self.tool_jwks_url = ""
        self.tokens: set[str] = set()
        self.assertions: list[dict] = []  # verified client assertion claims
        self.token_errors: list[str] = []
        self.scores: list[dict] = []  # {"path", "body", "authorization", "content_type"}
        self.status: int | None = None

    # --- addresses ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def jwks_url(self) -> str:
        return f"{self.url}/jwks"

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @property
    def auth_url(self) -> str:
        return f"{self.url}/auth"

    def lineitem(self, number: int = 1) -> str:
        return f"{self.url}/lineitems/{number}"

    # --- messages -----------------------------------------------------------------------------

    def public_jwks(self) -> dict:
        return {"keys": [{**self.key.export_public(as_dict=True), "alg": "RS256", "use": "sig"}]}

    def claims(self, *, nonce: str, sub: str = "learner-1", **extra) -> dict:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Айгерим Сатпаева",
            "email": "aigerim@partner.example",
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": self.deployment_id,
            CLAIM + "target_link_uri": "",
            CLAIM + "resource_link": {"id": "link-1", "title": "Курс Вектора"},
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            CLAIM + "launch_presentation": {"locale": "ru-RU"},
            AGS: {"scope": [SCORE_SCOPE, LINEITEM_SCOPE], "lineitem": self.lineitem(1)},
        }
        claims.update(extra)
        return claims

    def sign(self, claims: dict, *, key: JWK | None = None, kid: str | None = None) -> str:
        key = key or self.key
        pem = key.export_to_pem(private_key=True, password=None)
        headers = {"kid": kid or key["kid"]}
        return jwt.encode(claims, pem, algorithm="RS256", headers=headers)

    # --- server -------------------------------------------------------------------------------

    def _verify_assertion(self, form: dict) -> str | None:
        """The error in a token request, or None when its client assertion is good."""
        if form.get("grant_type") != "client_credentials":
            return "grant_type"
        if form.get("client_assertion_type") != (
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ):
            return "client_assertion_type"
        assertion = form.get("client_assertion", "")
        with urllib.request.urlopen(self.tool_jwks_url, timeout=10) as response:  # noqa: S310
            tool_keys = jwt.PyJWKSet.from_dict(json.loads(response.read()))
        kid = jwt.get_unverified_header(assertion).get("kid")
        matching = [k for k in tool_keys.keys if k.key_id == kid]
        if not matching:
            return f"unknown kid {kid}"
        try:
            claims = jwt.decode(
                assertion,
                matching[0].key,
                algorithms=["RS256"],
                audience=self.token_url,
                issuer=self.client_id,
                options={"require": ["exp", "iat", "jti", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            return f"assertion: {error}"
        if claims["sub"] != self.client_id:
            return "sub"
        self.assertions.append({**claims, "kid": kid})
        return None

    def _handler(self):
        platform = self

        class Handler(JsonHandler):
            def do_GET(self):
                if platform.status is not None:
                    return self._answer(platform.status)
                if urlsplit(self.path).path == "/jwks":
                    return self._answer(200, platform.public_jwks())
                return self._answer(404)

            def do_POST(self):
                path = urlsplit(self.path).path
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if platform.status is not None:
                    return self._answer(platform.status)
                if path == "/token":
                    form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                    error = platform._verify_assertion(form)
                    if error:
                        platform.token_errors.append(error)
                        return self._answer(401, {"error": "invalid_client"})
                    if SCORE_SCOPE not in form.get("scope", "").split():
                        return self._answer(400, {"error": "invalid_scope"})
                    token = secrets.token_urlsafe(16)
                    platform.tokens.add(token)
                    return self._answer(
                        200,
                        {"access_token": token, "token_type": "Bearer", "expires_in": 3600},
                    )
                if path.startswith("/lineitems/") and path.endswith("/scores"):
                    authorization = self.headers.get("Authorization", "")
                    if authorization.removeprefix("Bearer ") not in platform.tokens:
                        return self._answer(401)
                    platform.scores.append(
                        {
                            "path": path,
                            "body": json.loads(body),
                            "authorization": authorization,
                            "content_type": self.headers.get("Content-Type"),
                        }
                    )
                    return self._answer(200, {})
                return self._answer(404)

        return Handler


def unique_sub() -> str:
    return f"learner-{uuid.uuid4().hex[:8]}"
