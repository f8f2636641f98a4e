"""Open Badges 2.0 hosted verification: every certificate is an Assertion whose BadgeClass
(one per course) and Issuer Profile live at stable URLs, so a backpack can import it.

URLs are built without a language prefix, so they never change with the visitor's language.
"""

from datetime import datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from courses import api as courses
from lms.web import absolute_url

from .models import Certificate

CONTEXT = "https://w3id.org/openbadges/v2"
JSON_LD = "application/ld+json"


def stable_url(name: str, *args) -> str:
    return absolute_url(f"certificates:{name}", *args, neutral=True)


def issuer_json() -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Vektor of Volunteering")
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": stable_url("badge_issuer"),
        "name": name,
        "url": settings.SITE_URL + "/",
        "email": settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip(),
        "description": "Interregional training of the people who run volunteering.",
    }


def badge_class_json(course: courses.CourseData) -> dict:
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": stable_url("badge_class", course.id),
        "name": course.title,
        "description": course.summary or course.title,
        "image": stable_url("badge_image", course.id),
        "criteria": {
            "id": settings.SITE_URL + (urlsplit(course.url).path or "/"),
            "narrative": "Completed every required lesson, quiz and webinar of the course.",
        },
        "issuer": stable_url("badge_issuer"),
        "tags": ["volunteering", course.language],
    }


def assertion_json(certificate: Certificate) -> dict:
    data = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": stable_url("badge_assertion", certificate.code),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": certificate.recipient_salt,
            "identity": certificate.recipient_hash,
        },
        "badge": stable_url("badge_class", certificate.course_id),
        "verification": {"type": "hosted"},
        "issuedOn": certificate.issued_at.isoformat(),
        "evidence": stable_url("short", certificate.code),
    }
    if certificate.valid_until:
        # The end of the last valid day in the site's time zone, the zone in which the
        # verification page decides "expired" (not UTC, which would be hours off).
        expires = datetime.combine(
            certificate.valid_until, time(23, 59, 59), tzinfo=timezone.get_default_timezone()
        )
        data["expires"] = expires.isoformat()
    return data


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, content_type=JSON_LD, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache_control(max_age=3600, public=True)
def issuer(request):
    return _json(issuer_json())


@cache_control(max_age=3600, public=True)
def badge_class(request, course_id: int):
    course = courses.get_course(course_id, live_only=True)
    if course is None:
        raise Http404
    return _json(badge_class_json(course))


@cache_control(max_age=86400, public=True)
def badge_image(request, course_id: int):
    course = courses.get_course(course_id, live_only=True)
    if course is None:
        raise Http404
    return render(
        request, "certificates/badge.svg", {"course": course}, content_type="image/svg+xml"
    )


@cache_control(max_age=300, public=True)
def assertion(request, code: str):
    certificate = Certificate.objects.filter(code=code.upper()).first()
    if certificate is None:
        raise Http404
    if certificate.status == Certificate.Status.REVOKED:
        # Open Badges 2.0 hosted verification: a revoked assertion answers 410 Gone.
        return _json(
            {
                "@context": CONTEXT,
                "id": stable_url("badge_assertion", certificate.code),
                "revoked": True,
                "revocationReason": certificate.revoked_reason,
            },
            status=410,
        )
    return _json(assertion_json(certificate))
