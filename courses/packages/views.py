"""Playing packages in lessons: their files, the SCORM/H5P run-time endpoint, and what the
lesson page needs to render package blocks."""

import json
import mimetypes

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from .. import selectors as course_selectors
from ..models import LessonPage
from . import selectors, services
from .archive import PackageError, normalise_path
from .models import ContentPackage, PackageAttempt

# Package files that browsers might take for something else are served as what they are.
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("application/json", ".json")


def _scorm_values(package: ContentPackage, attempt: PackageAttempt | None, user, enrolled: bool):
    cmi = dict(attempt.cmi) if attempt else {}
    resume = attempt is not None and bool(
        attempt.suspend_data
        or attempt.location
        or cmi.get("cmi.core.exit") == "suspend"
        or cmi.get("cmi.exit") == "suspend"
    )
    learner_id = str(user.pk) if user.is_authenticated else ""
    learner_name = (getattr(user, "full_name", "") or "") if user.is_authenticated else ""
    if package.kind == ContentPackage.Kind.SCORM12:
        values = {
            "cmi.core.student_id": learner_id,
            "cmi.core.student_name": learner_name,
            "cmi.core.lesson_location": cmi.get("cmi.core.lesson_location", ""),
            "cmi.core.lesson_status": cmi.get("cmi.core.lesson_status", "not attempted"),
            "cmi.core.entry": "resume" if resume else "ab-initio",
            "cmi.core.credit": "credit" if enrolled else "no-credit",
            "cmi.core.lesson_mode": "normal" if enrolled else "browse",
            "cmi.core.total_time": "0000:00:00",
            "cmi.core.score.raw": cmi.get("cmi.core.score.raw", ""),
            "cmi.core.score.min": cmi.get("cmi.core.score.min", ""),
            "cmi.core.score.max": cmi.get("cmi.core.score.max", ""),
            "cmi.suspend_data": cmi.get("cmi.suspend_data", ""),
            "cmi.comments": cmi.get("cmi.comments", ""),
            "cmi.launch_data": "",
            "cmi.student_data.mastery_score": (
                "" if package.mastery_score is None else str(package.mastery_score)
            ),
        }
    else:
        values = {
            "cmi._version": "1.0",
            "cmi.learner_id": learner_id,
            "cmi.learner_name": learner_name,
            "cmi.location": cmi.get("cmi.location", ""),
            "cmi.completion_status": cmi.get("cmi.completion_status", "unknown"),
            "cmi.success_status": cmi.get("cmi.success_status", "unknown"),
            "cmi.entry": "resume" if resume else "ab-initio",
            "cmi.credit": "credit" if enrolled else "no-credit",
            "cmi.mode": "normal" if enrolled else "browse",
            "cmi.total_time": "PT0H0M0S",
            "cmi.suspend_data": cmi.get("cmi.suspend_data", ""),
            "cmi.launch_data": "",
        }
        for element in (
            "cmi.score.scaled",
            "cmi.score.raw",
            "cmi.score.min",
            "cmi.score.max",
            "cmi.progress_measure",
        ):
            if element in cmi:  # unset ones answer "not initialized" (403)
                values[element] = cmi[element]
    return values


def lesson_package_context(
    request,
    lesson: LessonPage,
    enrolment,
    *,
    continue_url: str,
    course_url: str,
    lesson_done: bool = False,
) -> dict:
    """Per package block id, what its template needs (see ``courses/blocks/scorm.html``)."""
    blocks = lesson.packages()
    if not blocks:
        return {"package_blocks": {}, "has_packages": False}
    enrolled = enrolment is not None and not getattr(request, "is_preview", False)
    attempts = selectors.attempts_for(enrolment=enrolment, lesson=lesson) if enrolled else {}
    contexts = {}
    for block_id, value in blocks.items():
        package = value["package"]
        attempt = attempts.get(block_id)
        state = {
            "kind": package.kind if package else "",
            "completed": bool(attempt and attempt.completed_at),
            "score": attempt.score if attempt else None,
            "score_raw": attempt.score_raw if attempt else None,
            "score_max": attempt.score_max if attempt else None,
            "success": attempt.success if attempt else "",
            "enrolled": enrolled,
            "lesson_completed": enrolled and lesson_done,
            "course_completed": enrolled and enrolment.completed_at is not None,
        }
        if package is not None and package.is_scorm:
            state["cmi"] = _scorm_values(package, attempt, request.user, enrolled)
        kwargs = {"lesson_id": lesson.pk, "block_id": block_id}
        contexts[block_id] = {
            "block_id": block_id,
            "package": package,
            "title": value.get("title") or (package.title if package else ""),
            "files_url": reverse("courses:package_files", kwargs=kwargs),
            "runtime_url": reverse("courses:package_runtime", kwargs=kwargs),
            "state": state,
            "enrolled": enrolled,
            "continue_url": continue_url,
            "course_url": course_url,
        }
    return {"package_blocks": contexts, "has_packages": True}


def _lesson_for(request, lesson_id: int):
    """The lesson and the learner's enrolment; an editor who may edit the lesson gets its
    latest draft and no enrolment (a preview records nothing); anyone else is refused."""
    lesson = get_object_or_404(LessonPage, pk=lesson_id)
    if lesson.live:
        course = course_selectors.course_of_lesson(lesson=lesson)
        enrolment = (
            course_selectors.enrolment_for(user=request.user, course=course) if course else None
        )
        if enrolment is not None:
            return lesson, enrolment
    if request.user.is_authenticated and lesson.permissions_for_user(request.user).can_edit():
        return lesson.get_latest_revision_as_object(), None
    raise PermissionDenied


@require_GET
@xframe_options_sameorigin
def package_file(request, lesson_id: int, block_id: str, path: str = ""):
    lesson, _enrolment = _lesson_for(request, lesson_id)
    block = lesson.packages().get(block_id)
    package = block["package"] if block else None
    if package is None or not path:
        raise Http404
    try:
        name = normalise_path(path)
    except PackageError:
        raise Http404 from None
    stored = package.storage_path(name)
    if not default_storage.exists(stored):
        raise Http404
    content_type, encoding = mimetypes.guess_type(name)
    response = FileResponse(
        default_storage.open(stored, "rb"),
        content_type=(content_type or "application/octet-stream")
        + ("; charset=utf-8" if content_type and content_type.startswith("text/") else ""),
    )
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
def package_runtime(request, lesson_id: int, block_id: str):
    """A package's commit: ``{"cmi": {…}}`` (SCORM) or ``{"h5p": {…}}``, from an enrolled
    learner. Answers ``{"completed", "lesson_completed", "course_completed"}``."""
    if not request.user.is_authenticated:
        return _error(_("Sign in and enrol in the course to study its lessons."), 403)
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(_("The data sent is not valid."), 400)
    try:
        outcome = services.package_attempt_commit(
            user=request.user, lesson=lesson, block_id=block_id, data=data
        )
    except PackageError as error:
        status = {"not_enrolled": 403, "unknown_block": 404}.get(error.code, 400)
        return _error(error.message, status)
    return JsonResponse(
        {
            "completed": outcome.completed,
            "lesson_completed": outcome.lesson_completed,
            "course_completed": outcome.course_completed,
        }
    )
