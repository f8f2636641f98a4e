"""A certificate in each language, as a PNG kept in test-artifacts/ to be looked at."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from certificates import demo, rendering, services
from certificates.models import CertificateTemplate
from lms.demo import DemoContext
from tests.certificates.helpers import pdf_png, pdf_text, qr_texts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PEOPLE = {
    "ru": ("Галина Степановна Орлова", "Основы добровольческой деятельности"),
    "kk": ("Әсел Төлегенқызы Құрманғали", "Күміс волонтерлік: аға буын еріктілерімен жұмыс"),
    "en": ("Daniyar Abenov", "Training for trainers: running webinars for volunteers"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_certificate_in_each_language_looks_like_one(language):
    demo.load_templates(DemoContext(log=lambda line: None))
    template = CertificateTemplate.objects.get(language=language, is_default=True)
    name, course = PEOPLE[language]
    document = services.build_document(
        template=template,
        language=language,
        code="ARTEFACT23456789",
        data={
            "recipient_name": name,
            "course_title": course,
            "hours": 16,
            "completed_on": datetime.date(2026, 11, 24),
            "valid_until": datetime.date(2028, 11, 24),
            "issuer_name": "Фронт-офис добровольчества города Астаны",
            "serial": "ВД-2026-000123",
        },
    )
    pdf = rendering.render_pdf(document)
    page = PdfReader(io.BytesIO(pdf)).pages
    assert len(page) == 1  # one sheet, nothing spills over
    width, height = float(page[0].mediabox.width), float(page[0].mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape, in points
    text = pdf_text(pdf)
    with translation.override(language):
        assert translation.gettext("Certificate").upper() in text.upper()
    assert name in text and "ВД-2026-000123" in text
    assert all(signatory.name in text for signatory in template.signatories.all())
    assert qr_texts(pdf) == ["http://127.0.0.1:8000/v/ARTEFACT23456789/"]

    image = pdf_png(pdf, scale=1.5)
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / f"certificate-{language}.png")
    # Not blank: ink on the sheet, and the frame drawn near the edges.
    greys = image.convert("L")
    dark = sum(1 for value in greys.getdata() if value < 128)
    assert dark > 0.01 * greys.width * greys.height
    assert Decimal(dark) / (greys.width * greys.height) < Decimal("0.3")
