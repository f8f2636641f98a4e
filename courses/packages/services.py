"""Importing content packages and recording learners' attempts. Each operation is one
transaction; refusals raise :class:`PackageError` with a message in the user's language and
change nothing (files written before a refusal are removed)."""

import contextlib
import logging
import math
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import services as course_services
from ..models import Enrolment, LessonPage, LessonProgress
from . import runtime
from .archive import PackageError, Parsed, SafeArchive
from .h5p import parse_h5p
from .models import ContentPackage, PackageAttempt
from .scorm import MANIFEST, parse_scorm

logger = logging.getLogger(__name__)

H5P_MANIFEST = "h5p.json"


def _parse(archive: SafeArchive) -> Parsed:
    names = archive.names
    if MANIFEST in names:
        return parse_scorm(archive)
    if H5P_MANIFEST in names:
        return parse_h5p(archive)
    raise PackageError(
        _(
            "The archive has no manifest at its root: imsmanifest.xml (SCORM) or "
            "h5p.json (H5P) is missing."
        ),
        "no_manifest",
    )


def _delete_tree(prefix: str) -> None:
    """Remove every stored file under ``prefix`` (a folder path ending in "/")."""
    try:
        folders, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        default_storage.delete(prefix + name)
    for folder in folders:
        _delete_tree(f"{prefix}{folder}/")
    with contextlib.suppress(OSError):  # the empty folder, where storages have folders
        default_storage.delete(prefix.rstrip("/"))


def _store(archive: SafeArchive, prefix: str) -> None:
    """Write every member under ``prefix``; on any failure remove what was written."""
    written: list[str] = []
    try:
        for name in archive.members():
            path = prefix + name
            saved = default_storage.save(path, ContentFile(archive.read(name)))
            written.append(saved)
            if saved != path:
                raise PackageError(
                    _("The file “%(name)s” could not be stored under its own name.")
                    % {"name": name},
                    "storage_name",
                )
    except BaseException:
        for path in written:
            default_storage.delete(path)
        _delete_tree(prefix)
        raise


def _open_and_store(file, key: str) -> tuple[Parsed, SafeArchive]:
    archive = SafeArchive.open(file)
    try:
        parsed = _parse(archive)
        _store(archive, f"packages/{key}/")
    finally:
        archive.close()
    return parsed, archive


def _default_title(file, parsed: Parsed) -> str:
    if parsed.title:
        return parsed.title
    return PurePosixPath(getattr(file, "name", "") or "package").stem[:255] or "package"


def package_import(*, file, title: str = "", uploaded_by=None) -> ContentPackage:
    """Check an uploaded .zip/.h5p archive, store its files and create the package.

    ``title`` defaults to the manifest's. A refused archive stores nothing and creates no row.
    """
    package = ContentPackage()
    key = str(package.key)
    parsed, archive = _open_and_store(file, key)
    try:
        with transaction.atomic():
            package.title = (title or _default_title(file, parsed))[:255]
            package.kind = parsed.kind
            package.launch = parsed.launch
            package.mastery_score = parsed.mastery_score
            package.size = archive.unpacked_size
            package.file_count = len(archive.names)
            package.metadata = parsed.metadata
            package.uploaded_by = uploaded_by
            package.save()
    except BaseException:
        _delete_tree(f"packages/{key}/")
        raise
    return package


def package_replace(*, package: ContentPackage, file, title: str = "") -> ContentPackage:
    """Put a new archive of the same kind in place of the package's files. Lessons using the
    package play the new files; a refused archive leaves the package as it was."""
    import uuid

    new_key = str(uuid.uuid4())
    parsed, archive = _open_and_store(file, new_key)
    old_prefix = package.storage_path()
    try:
        if parsed.kind != package.kind:
            raise PackageError(
                _("The new archive is a %(new)s package; this package is %(old)s.")
                % {
                    "new": ContentPackage.Kind(parsed.kind).label,
                    "old": package.get_kind_display(),
                },
                "kind_changed",
            )
        with transaction.atomic():
            package.key = new_key
            package.title = (title or package.title)[:255]
            package.launch = parsed.launch
            package.mastery_score = parsed.mastery_score
            package.size = archive.unpacked_size
            package.file_count = len(archive.names)
            package.metadata = parsed.metadata
            package.save()
            transaction.on_commit(lambda: _delete_tree(old_prefix))
    except BaseException:
        _delete_tree(f"packages/{new_key}/")
        raise
    return package


def package_delete(*, package: ContentPackage) -> None:
    """Delete the package; its files go once the deletion is committed. Lessons that still
    choose it show that it is gone; learners' attempts and completed lessons stay."""
    prefix = package.storage_path()
    with transaction.atomic():
        package.delete()
        transaction.on_commit(lambda: _delete_tree(prefix))


# --- Attempts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitOutcome:
    completed: bool
    lesson_completed: bool
    course_completed: bool


def _score_percent(raw, low, high) -> float | None:
    if raw is None:
        return None
    if high is not None and high > (low or 0):
        return max(0.0, min(100.0, 100 * (raw - (low or 0)) / (high - (low or 0))))
    return max(0.0, min(100.0, raw))


def _apply_scorm12(attempt: PackageAttempt, cmi: dict, mastery: int | None) -> bool:
    status = cmi.get("cmi.core.lesson_status", "not attempted")
    raw = runtime.as_float(cmi.get("cmi.core.score.raw"))
    low = runtime.as_float(cmi.get("cmi.core.score.min"))
    high = runtime.as_float(cmi.get("cmi.core.score.max"))
    attempt.score_raw, attempt.score_min, attempt.score_max = raw, low, high
    attempt.score = _score_percent(raw, low, high)
    # With a mastery score the score decides passed or failed (SCORM 1.2 RTE 3.4.4).
    if mastery is not None and raw is not None and status in ("passed", "completed", "failed"):
        status = "passed" if raw >= mastery else "failed"
    attempt.completion = status
    attempt.success = status if status in ("passed", "failed") else ""
    attempt.location = cmi.get("cmi.core.lesson_location", "")
    if status == "passed":
        return mastery is None or (raw is not None and raw >= mastery)
    return status == "completed"


def _apply_scorm2004(attempt: PackageAttempt, cmi: dict) -> bool:
    attempt.completion = cmi.get("cmi.completion_status", "unknown")
    attempt.success = cmi.get("cmi.success_status", "unknown")
    raw = runtime.as_float(cmi.get("cmi.score.raw"))
    low = runtime.as_float(cmi.get("cmi.score.min"))
    high = runtime.as_float(cmi.get("cmi.score.max"))
    scaled = runtime.as_float(cmi.get("cmi.score.scaled"))
    attempt.score_raw, attempt.score_min, attempt.score_max = raw, low, high
    attempt.score = 100 * scaled if scaled is not None else _score_percent(raw, low, high)
    attempt.location = cmi.get("cmi.location", "")
    return attempt.completion == "completed" and attempt.success != "failed"


def _h5p_result(data) -> dict:
    refused = PackageError(_("The H5P result is not valid."), "invalid_value")
    if not isinstance(data, dict) or not isinstance(data.get("completed"), bool):
        raise refused
    success = data.get("success")
    if success is not None and not isinstance(success, bool):
        raise refused
    scores = {}
    for name in ("score_raw", "score_max"):
        value = data.get(name)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value < 0
        ):
            raise refused
        scores[name] = None if value is None else float(value)
    if (
        scores["score_raw"] is not None
        and scores["score_max"] is not None
        and scores["score_raw"] > scores["score_max"]
    ):
        raise PackageError(_("The H5P score is higher than its maximum."), "invalid_value")
    return {"completed": data["completed"], "success": success, **scores}


def _apply_h5p(attempt: PackageAttempt, result: dict) -> bool:
    attempt.cmi = result
    attempt.completion = "completed" if result["completed"] else "incomplete"
    attempt.success = {True: "passed", False: "failed", None: "unknown"}[result["success"]]
    attempt.score_raw, attempt.score_max = result["score_raw"], result["score_max"]
    attempt.score_min = 0.0 if result["score_max"] is not None else None
    attempt.score = _score_percent(result["score_raw"], 0.0, result["score_max"])
    return result["completed"] and result["success"] is not False


def package_attempt_commit(*, user, lesson: LessonPage, block_id: str, data: dict) -> CommitOutcome:
    """Record what a package reported for the learner (a SCORM commit or an H5P result).

    ``data`` is ``{"cmi": {element: value, …}}`` for SCORM or ``{"h5p": {…}}`` for H5P.
    Invalid elements or values refuse the whole commit. Once a block is completed it stays
    completed; scores and suspend data keep updating. The lesson is recorded when every
    package block is completed and every quiz passed, and the course through its rule.
    """
    block = lesson.packages().get(block_id)
    package = block["package"] if block else None
    if package is None:
        raise PackageError(_("This lesson has no such learning package."), "unknown_block")
    try:
        enrolment = course_services.enrolment_for_lesson(user=user, lesson=lesson)
    except course_services.CourseError as error:
        raise PackageError(error.message, error.code) from None
    if not isinstance(data, dict):
        raise PackageError(_("The data sent is not valid."), "invalid_value")
    if package.is_scorm:
        try:
            values = runtime.validate(package.kind, data.get("cmi", {}))
        except runtime.RuntimeValueError as error:
            raise PackageError(error.message, "invalid_value") from None
    else:
        values = _h5p_result(data.get("h5p"))
    with transaction.atomic():
        # One learner's attempts and lessons are recorded one at a time.
        enrolment = (
            Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
        )
        attempt, _created = PackageAttempt.objects.get_or_create(
            enrolment=enrolment, lesson=lesson, block_id=block_id, defaults={"package": package}
        )
        attempt.package = package
        if package.kind == ContentPackage.Kind.SCORM12:
            attempt.cmi = {**attempt.cmi, **values}
            complete = _apply_scorm12(attempt, attempt.cmi, package.mastery_score)
            attempt.suspend_data = attempt.cmi.get("cmi.suspend_data", "")
        elif package.kind == ContentPackage.Kind.SCORM2004:
            attempt.cmi = {**attempt.cmi, **values}
            complete = _apply_scorm2004(attempt, attempt.cmi)
            attempt.suspend_data = attempt.cmi.get("cmi.suspend_data", "")
        else:
            complete = _apply_h5p(attempt, values)
        now = timezone.now()
        if complete and attempt.completed_at is None:
            attempt.completed_at = now
        attempt.updated_at = now
        attempt.save()
        lesson_completed = False
        if attempt.completed_at is not None:
            lesson_completed = course_services.lesson_finish_if_done(
                enrolment=enrolment, lesson=lesson
            )
        if not lesson_completed:
            lesson_completed = LessonProgress.objects.filter(
                enrolment=enrolment, lesson=lesson
            ).exists()
    return CommitOutcome(
        completed=attempt.completed_at is not None,
        lesson_completed=lesson_completed,
        course_completed=enrolment.completed_at is not None,
    )
