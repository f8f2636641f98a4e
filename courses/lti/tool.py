"""The one module that knows pylti1p3: the tool configuration read from our models, the OIDC
login, the validation of a launch and the sending of a score. The rest of the app gets plain
data (:class:`Launch`) and exceptions of its own (:class:`LaunchRefused`, :class:`ScoreError`).
"""

import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deployment import Deployment as LtiDeployment
from pylti1p3.exception import LtiException, LtiServiceException, OIDCException
from pylti1p3.grade import Grade
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.tool_config import ToolConfAbstract

from .models import Deployment, Platform

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, for every call to a platform
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"


class LaunchRefused(Exception):
    """A login or launch that is not accepted; ``code`` says why (for logs and tests)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


class ScoreError(Exception):
    """Sending a score failed. ``retry``: the platform may take it later (it was down or
    answered 5xx/429); otherwise it refused it."""

    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


@dataclass(frozen=True)
class Launch:
    """What a validated resource-link launch says."""

    platform_id: int
    deployment_pk: int
    sub: str
    email: str
    name: str
    locale: str
    resource_link_id: str
    resource_link_title: str
    target_link_uri: str
    custom: dict[str, str] = field(default_factory=dict)
    lineitem_url: str = ""
    scopes: tuple[str, ...] = ()


class _Session(requests.Session):
    """Every call to a platform times out."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(*args, **kwargs)


def _session() -> requests.Session:
    session = _Session()
    session.headers["User-Agent"] = "Vektor-LTI"
    return session


class _Registration(Registration):
    """A registration whose key id is the one of our signing key (pylti1p3 derives none), and
    which knows whether the platform's keys were pasted (then never fetched)."""

    _kid: str | None = None
    _pasted_keys = False

    def get_kid(self) -> str | None:
        return self._kid


def registration_for(platform: Platform) -> Registration:
    from .services import tool_key_current

    key = tool_key_current()
    registration = _Registration()
    registration._kid = key.kid
    registration._pasted_keys = bool(platform.key_set.strip())
    registration.set_issuer(platform.issuer)
    registration.set_client_id(platform.client_id)
    registration.set_auth_login_url(platform.auth_login_url)
    registration.set_auth_token_url(platform.auth_token_url)
    if platform.auth_audience:
        registration.set_auth_audience(platform.auth_audience)
    registration.set_key_set_url(platform.key_set_url or None)
    registration.set_key_set(json.loads(platform.key_set) if platform.key_set.strip() else None)
    registration.set_tool_private_key(key.private_key)
    return registration


class ToolConf(ToolConfAbstract):
    """pylti1p3's tool configuration, read from the platforms registered in the admin. One
    issuer may have several client ids (several registrations)."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def _platform(self, iss: str, client_id: str | None) -> Platform | None:
        platforms = Platform.objects.filter(issuer=iss, is_active=True)
        if client_id:
            return platforms.filter(client_id=client_id).first()
        # The login initiation may leave the client id out: only an unambiguous issuer does.
        found = list(platforms[:2])
        return found[0] if len(found) == 1 else None

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration | None:
        platform = self._platform(iss, None)
        return registration_for(platform) if platform else None

    def find_registration_by_params(
        self, iss: str, client_id: str, *args, **kwargs
    ) -> Registration | None:
        platform = self._platform(iss, client_id)
        return registration_for(platform) if platform else None

    def find_deployment(self, iss: str, deployment_id: str) -> LtiDeployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args, **kwargs
    ) -> LtiDeployment | None:
        platform = self._platform(iss, client_id)
        if platform is None or not deployment_id:
            return None
        if not platform.deployments.filter(deployment_id=deployment_id).exists():
            return None
        return LtiDeployment().set_deployment_id(deployment_id)


def _storage() -> DjangoCacheDataStorage:
    # State, nonces and launch data live in the shared cache (Redis in production): the launch
    # arrives as a cross-site POST that carries no Lax session cookie.
    return DjangoCacheDataStorage(cache_name="default")


def oidc_login_redirect(request, *, launch_url: str):
    """Answer a third-party login initiation: a redirect to the platform's authorisation
    endpoint carrying a fresh state (also in a short-lived cookie) and nonce."""
    try:
        login = DjangoOIDCLogin(request, ToolConf())
        login.set_launch_data_storage(_storage())
        login.set_launch_data_lifetime(settings.LTI_LAUNCH_LIFETIME)
        return login.redirect(launch_url)
    except (OIDCException, LtiException) as error:
        raise LaunchRefused("login", str(error)) from error


class _MessageLaunch(DjangoMessageLaunch):
    """pylti1p3's launch with the platform's key set cached, fetched again once when a key id
    is unknown (the platform rotated its keys)."""

    _refetch = False

    def fetch_public_key(self, key_set_url: str):
        cache_key = "lti:platform-jwks:" + hashlib.sha256(key_set_url.encode()).hexdigest()
        if not self._refetch and (cached := cache.get(cache_key)):
            return cached
        try:
            response = self._requests_session.get(key_set_url)
            response.raise_for_status()
            key_set = response.json()
        except (requests.RequestException, ValueError) as error:
            raise LtiException(f"Cannot fetch the platform's keys: {error}") from error
        cache.set(cache_key, key_set, settings.LTI_PLATFORM_KEYS_CACHE_SECONDS)
        return key_set

    def get_public_key(self):
        try:
            return super().get_public_key()
        except LtiException:
            registration = self._registration
            if self._refetch or registration is None or not registration.get_key_set_url():
                raise
            if getattr(registration, "_pasted_keys", False):
                raise
            self._refetch = True
            registration.set_key_set(None)
            return super().get_public_key()


def _nonce_used(iss: str, nonce: str) -> bool:
    """Mark the nonce as used; True when it already was (a replayed id_token). pylti1p3 lets
    the same id_token be posted again (a page reload); we accept each launch once."""
    key = "lti:nonce-used:" + hashlib.sha256(f"{iss}\n{nonce}".encode()).hexdigest()
    return not cache.add(key, 1, settings.LTI_LAUNCH_LIFETIME)


def validate_launch(request) -> Launch:
    """Validate the launch POST: state, id_token signature against the platform's keys,
    issuer, audience, expiry, nonce (once only), deployment, message. Raises
    :class:`LaunchRefused`."""
    message = _MessageLaunch(request, ToolConf(), requests_session=_session())
    try:
        message.set_launch_data_storage(_storage())
        message.set_launch_data_lifetime(settings.LTI_LAUNCH_LIFETIME)
        message.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})
        body: dict[str, Any] = message.get_launch_data()
    except LtiException as error:
        raise LaunchRefused("invalid", str(error)) from error
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        # A token of the wrong shape (a JSON list for a body, a number for a claim object).
        raise LaunchRefused("malformed", f"{type(error).__name__}: {error}") from error

    client_id = message.get_client_id()
    aud = body.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    azp = body.get("azp")
    if client_id not in audiences or (len(audiences) > 1 and azp is None):
        raise LaunchRefused("audience")
    if azp is not None and azp != client_id:
        raise LaunchRefused("audience", "azp")
    if _nonce_used(body["iss"], body["nonce"]):
        raise LaunchRefused("replay")
    if body.get(CLAIM + "message_type") != RESOURCE_LINK_REQUEST:
        raise LaunchRefused("message_type", str(body.get(CLAIM + "message_type")))

    try:
        return _launch_from(body, client_id)
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise LaunchRefused("malformed", f"{type(error).__name__}: {error}") from error


def _launch_from(body: dict[str, Any], client_id: str) -> Launch:
    platform = Platform.objects.get(issuer=body["iss"], client_id=client_id, is_active=True)
    deployment = Deployment.objects.get(
        platform=platform, deployment_id=body[CLAIM + "deployment_id"]
    )
    link = body[CLAIM + "resource_link"]
    presentation = body.get(CLAIM + "launch_presentation")
    presentation = presentation if isinstance(presentation, dict) else {}
    ags = body.get(AGS_CLAIM) or {}
    custom = body.get(CLAIM + "custom") or {}
    name = body.get("name") or " ".join(
        str(part) for part in (body.get("given_name"), body.get("family_name")) if part
    )
    scopes = ags.get("scope") if isinstance(ags, dict) else None
    lineitem = str(ags.get("lineitem") or "") if isinstance(ags, dict) else ""
    sub, link_id = str(body["sub"]), str(link["id"])
    if len(sub) > 255 or len(link_id) > 255:
        raise ValueError("sub or resource link id longer than 255 characters")
    return Launch(
        platform_id=platform.pk,
        deployment_pk=deployment.pk,
        sub=sub,
        email=str(body.get("email") or ""),
        name=str(name or ""),
        locale=str(presentation.get("locale") or ""),
        resource_link_id=link_id,
        resource_link_title=str(link.get("title") or ""),
        target_link_uri=str(body.get(CLAIM + "target_link_uri") or ""),
        custom={str(k): str(v) for k, v in custom.items()} if isinstance(custom, dict) else {},
        lineitem_url=lineitem if len(lineitem) <= 1000 else "",
        scopes=tuple(str(s) for s in scopes) if isinstance(scopes, list) else (),
    )


def post_score(
    *,
    platform: Platform,
    lineitem_url: str,
    scopes: list[str],
    user_id: str,
    score_given: float,
    score_maximum: float,
    timestamp: str,
) -> None:
    """Send one score to ``<lineitem>/scores`` with an access token got from the platform's
    token endpoint by a client assertion signed with our current key. Raises
    :class:`ScoreError`."""
    if SCORE_SCOPE not in scopes:
        raise ScoreError("The platform gave no score scope for this link.", retry=False)
    grade = (
        Grade()
        .set_user_id(user_id)
        .set_score_given(score_given)
        .set_score_maximum(score_maximum)
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(timestamp)
    )
    connector = ServiceConnector(registration_for(platform), _session())
    service = AssignmentsGradesService(connector, {"scope": scopes, "lineitem": lineitem_url})
    try:
        service.put_grade(grade)
    except LtiServiceException as error:
        status = error.response.status_code
        raise ScoreError(
            f"HTTP {status}: {error.response.text[:500]}",
            retry=status >= 500 or status in (408, 429),
        ) from error
    except (requests.RequestException, KeyError, ValueError) as error:
        raise ScoreError(f"{type(error).__name__}: {error}", retry=True) from error
    except LtiException as error:
        raise ScoreError(str(error), retry=False) from error
