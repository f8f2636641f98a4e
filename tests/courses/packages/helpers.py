"""Building packages and package lessons for tests."""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import ContentPackage, LessonPage
from courses.packages.samples import build_zip

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Проверка</title>
    <item identifier="i" identifierref="r"><title>Проверка</title></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="{href}"/>
  </resources>
</manifest>"""


def upload(data: bytes, name: str = "package.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/zip")


def sample(name: str) -> SimpleUploadedFile:
    return upload(build_zip(name), f"{name}.zip")


def zip_of(files: dict[str, bytes | str], *, infos: list[zipfile.ZipInfo] | None = None) -> bytes:
    """An archive with ``files`` (name -> content) and any hand-made entries in ``infos``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for info in infos or []:
            archive.writestr(info, b"x")
    return buffer.getvalue()


def scorm12_files(**extra) -> dict[str, bytes | str]:
    return {
        "imsmanifest.xml": MANIFEST_12.format(href="index.html"),
        "index.html": "<p>Урок</p>",
        **extra,
    }


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "packages"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def package_lesson(parent, package: ContentPackage, *, kind: str = "scorm", slug="") -> LessonPage:
    lesson = LessonPage(
        title=f"Урок: {package.title}",
        slug=slug or f"package-{package.pk}",
        body=[
            {"type": "paragraph", "value": "<p>Пройдите учебный пакет.</p>"},
            {"type": kind, "value": {"package": package.pk, "title": ""}},
        ],
    )
    parent.add_child(instance=lesson)
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def block_id(lesson: LessonPage) -> str:
    return next(iter(lesson.packages()))
