"""Editors design certificate templates in the Wagtail admin and preview them as PDFs."""

import pytest
from django.urls import reverse

from certificates import rendering
from certificates.models import CertificateTemplate, CourseCertificate
from tests.certificates.helpers import pdf_text
from tests.courses import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _template_form(**fields) -> dict:
    data = {
        "name": "Стандартный",
        "language": "kk",
        "orientation": "landscape",
        "title": "",
        "layout_html": "",
        "layout_css": "",
    }
    for prefix in ("signatories", "logos"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "4",
            }
        )
    return {**data, **fields}


def test_editor_creates_a_template_with_a_signatory(client, editor):
    listing = reverse("wagtailsnippets_certificates_certificatetemplate:list")
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    assert client.get(listing).status_code == 200
    assert client.get(add).status_code == 200
    data = _template_form(
        **{
            "signatories-TOTAL_FORMS": "1",
            "signatories-0-name": "Гүлнар Сейітқызы",
            "signatories-0-position": "Директор",
            "signatories-0-ORDER": "1",
        }
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    template = CertificateTemplate.objects.get()
    assert template.signatories.get().name == "Гүлнар Сейітқызы"

    preview = client.get(reverse("certificates_template_preview", args=[template.pk]))
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    text = pdf_text(preview.content)
    assert "Айгерім Сәрсенқызы Жұмабаева" in text and "Гүлнар Сейітқызы" in text
    assert (
        reverse("certificates_template_preview", args=[template.pk])
        in client.get(listing).content.decode()
    )


def test_wagtail_preview_of_unsaved_changes_is_a_pdf(client, editor):
    template = CertificateTemplate.objects.create(name="Шаблон", language="ru")
    url = reverse(
        "wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk]
    )
    data = _template_form(language="ru", title="Благодарственное письмо")
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url, {"mode": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in pdf_text(response.content).upper()


def test_broken_layout_is_refused_with_a_clear_error(client, editor):
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = client.post(add, _template_form(layout_html="{% if %}"))
    assert response.status_code == 200
    assert not CertificateTemplate.objects.exists()
    assert "layout_html" in response.context["form"].errors


def test_only_one_default_template_per_language(client, editor):
    CertificateTemplate.objects.create(name="Первый", language="kk", is_default=True)
    add = reverse("wagtailsnippets_certificates_certificatetemplate:add")
    response = client.post(add, _template_form(is_default="on"))
    assert response.status_code == 200
    assert CertificateTemplate.objects.count() == 1


def test_a_course_offers_at_most_one_template_per_language(client, editor, site_tree):
    course = builders.course(site_tree.home["ru"], lessons=1)
    first, second = (
        CertificateTemplate.objects.create(name=name, language="ru") for name in ("А", "Б")
    )
    add = reverse("wagtailsnippets_certificates_coursecertificate:add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"course": course.pk, "templates": [first.pk, second.pk]})
    assert response.status_code == 200 and not CourseCertificate.objects.exists()
    response = client.post(add, {"course": course.pk, "templates": [first.pk], "valid_months": 24})
    assert response.status_code == 302
    assert CourseCertificate.objects.get().valid_months == 24


def test_a_learner_may_not_preview_templates(client):
    template = CertificateTemplate.objects.create(name="Шаблон", language="ru")
    client.force_login(UserFactory())
    response = client.get(reverse("certificates_template_preview", args=[template.pk]))
    assert response.status_code in (302, 403)


def test_a_custom_layout_renders_and_cannot_reach_files_or_the_network():
    source = (
        '<h1>{{ recipient_name }}</h1><img src="file:///etc/passwd">'
        '<img src="http://example.org/x.png"><p>{{ serial }}</p>'
    )
    body = rendering.render_body(
        layout_html=source, context={"recipient_name": "Тест Тестов", "serial": "ВД-2026-000001"}
    )
    pdf = rendering.render_pdf(rendering.Document(body_html=body, css=""))
    assert "Тест Тестов" in pdf_text(pdf)
    fetcher = rendering.SafeFetcher({})
    for url in (
        "file:///etc/passwd",
        "http://example.org/x.png",
        "vektorstatic:../../settings.py",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("vektorstatic:fonts/PTSerif-Regular.ttf").status == 200


def test_a_layout_cannot_include_other_templates():
    with pytest.raises(rendering.LayoutError):
        rendering.render_layout('{% include "base.html" %}', {})
