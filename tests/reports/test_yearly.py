"""The yearly summary: a PDF with the year's totals, the table by region and the region ×
direction tables, built in the background."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lms.accounts.models import Direction
from lms.reports.models import ExportJob

pytestmark = pytest.mark.django_db


def yearly_pdf(client, django_capture_on_commit_callbacks, **data) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:yearly"), data)
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert job.status == ExportJob.Status.READY, job.error
    pdf = b"".join(client.get(reverse("reports:download", args=[job.pk])).streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_yearly_summary_has_regions_directions_and_totals(
    client, world, django_capture_on_commit_callbacks
):
    bilim = Direction.objects.create(code="bilim", name_ru="BILIM: образование", sort_order=2)
    world.course.direction = bilim
    world.course.save()
    client.force_login(world.national)
    text = yearly_pdf(client, django_capture_on_commit_callbacks, year="2026")
    assert "2026" in text
    assert "Алматы" in text and "Астана" in text
    assert "Карелия" not in text  # another country's region
    assert "BILIM: образование" in text


def test_the_yearly_summary_keeps_the_place_filters(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    text = yearly_pdf(
        client, django_capture_on_commit_callbacks, year="2026", region=str(world.karelia.pk)
    )
    assert "Карелия" in text
    assert "Астана" not in text


@pytest.mark.parametrize("year", ["1999", "3000", "abc", ""])
def test_a_wrong_year_fails_with_a_reason(client, world, django_capture_on_commit_callbacks, year):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:yearly"), {"year": year})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert job.error
    assert not job.file
