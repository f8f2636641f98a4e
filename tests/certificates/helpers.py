"""Completed enrolments and PDF readers for the certificate tests."""

import io

import pypdfium2
import zxingcpp
from pypdf import PdfReader

from courses import services as course_services
from courses.models import Enrolment, LessonPage
from tests.courses import builders
from tests.factories import UserFactory


def finish(*, user, course) -> Enrolment:
    """Enrol the user and mark every lesson done (the completion commits its own callbacks
    only when the caller captures them)."""
    enrolment = course_services.enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        course_services.lesson_complete(user=user, lesson=lesson)
    enrolment.refresh_from_db()
    return enrolment


def completed(
    home, *, user=None, title: str = "Организация добровольческой деятельности", **course_fields
):
    course = builders.course(home, lessons=1, title=title, **course_fields)
    user = user or UserFactory(full_name="Айгерім Сәрсенқызы Жұмабаева")
    return finish(user=user, course=course)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def pdf_png(data: bytes, *, scale: float = 2.0):
    """The first page as a PIL image."""
    document = pypdfium2.PdfDocument(data)
    try:
        return document[0].render(scale=scale).to_pil()
    finally:
        document.close()


def qr_texts(data: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(pdf_png(data, scale=3))]
