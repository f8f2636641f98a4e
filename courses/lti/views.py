"""The tool's endpoints a partner platform calls: login initiation, launch, JWKS. Their URLs
carry no language prefix (partners register them once)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import CoursePage

from . import selectors, services, tool

logger = logging.getLogger(__name__)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def tool_urls() -> dict[str, str]:
    """What a partner enters on their side (absolute URLs on ``SITE_URL``)."""
    return {
        "login": settings.SITE_URL + reverse("lti:login"),
        "launch": settings.SITE_URL + reverse("lti:launch"),
        "jwks": settings.SITE_URL + reverse("lti:jwks"),
        "course": settings.SITE_URL + reverse("lti:course", args=[0]).replace("/0/", "/<id>/"),
    }


def _refused(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    response = render(request, "lti/error.html", {"message": message}, status=status)
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Third-party initiated login: send the browser to the platform with a state and nonce."""
    try:
        response = tool.oidc_login_redirect(request, launch_url=tool_urls()["launch"])
    except tool.LaunchRefused as refusal:
        logger.info("LTI login refused: %s", refusal)
        return _refused(
            request,
            _("The partner platform is not registered with Вектор, or the request is incomplete."),
            status=400,
        )
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    """The platform posts the signed id_token here: sign the person in and open the course."""
    try:
        validated = tool.validate_launch(request)
    except tool.LaunchRefused as refusal:
        logger.warning("LTI launch refused: %s", refusal)
        if refusal.code == "message_type":
            return _refused(request, _("Вектор accepts only links that open a course."), status=400)
        return _refused(
            request,
            _(
                "The launch could not be verified. Go back to your learning platform and "
                "open the link again."
            ),
            status=403,
        )
    course = services.launch_course(validated)
    if course is None:
        logger.warning("LTI launch names no published course: %s", validated.target_link_uri)
        return _refused(
            request, _("This link does not lead to a published course of Вектор."), status=400
        )
    outcome = services.launch_accept(launch=validated, course=course)
    if outcome.blocked:
        return _refused(request, _("This account is blocked."), status=403)
    user = get_user_model().objects.get(pk=outcome.user_id)
    login(request, user, backend=MODEL_BACKEND)
    if outcome.enrolment_error:
        messages.error(request, outcome.enrolment_error)
    response = redirect(course.get_url(request=request) or "/")
    add_never_cache_headers(response)
    return response


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """The tool's public keys: platforms check our signed requests with them."""
    services.tool_key_current()
    response = JsonResponse(selectors.jwks())
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_GET
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    """The target link URI of a course, for a person who follows it outside a launch."""
    page = CoursePage.objects.live().public().filter(pk=course_id).first()
    if page is None:
        raise Http404
    return redirect(page.get_url(request=request) or "/")
