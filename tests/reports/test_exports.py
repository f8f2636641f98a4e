"""Every table of the dashboard downloads as CSV and XLSX with the dashboard's numbers; big
exports are built by a Celery task and reach only the person who asked for them."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from lms.reports import services
from lms.reports.models import ExportJob
from tests.reports.helpers import YEAR

pytestmark = pytest.mark.django_db


def export(client, **data):
    return client.post(reverse("reports:export"), {"kind": "table", **YEAR, **data})


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_every_table_on_the_dashboard_downloads_as_csv_and_xlsx(client, world):
    client.force_login(world.admin)
    response = client.get(reverse("reports:dashboard"), YEAR)
    board = response.context["board"]
    assert {"totals", "regions", "timeline", "courses"} <= {t.key for t in board.tables}
    page = response.content.decode()
    for table in board.tables:
        assert f'name="table" value="{table.key}"' in page  # its download buttons

        for fmt in ("csv", "xlsx"):
            response = export(client, table=table.key, format=fmt)
            assert response.status_code == 200, (table.key, fmt)
            assert f"{table.key}-2026-01-01-2026-11-24.{fmt}" in response["Content-Disposition"]
        rows = csv_rows(export(client, table=table.key, format="csv"))
        assert rows[0] == [str(column.label) for column in table.columns]
        assert len(rows) == 1 + len(table.rows) + (1 if table.footer else 0)


def test_the_region_table_file_holds_the_dashboards_numbers(client, world):
    client.force_login(world.national)
    rows = csv_rows(export(client, table="regions", format="csv"))
    header = rows[0]
    enrolments = header.index(next(h for h in header if h in ("Записи на курсы", "Enrolments")))
    assert [(row[0], row[enrolments]) for row in rows[1:]] == [
        ("Алматы", "2"),
        ("Астана", "3"),
        (rows[-1][0], "5"),  # the total
    ]
    workbook = openpyxl.load_workbook(
        io.BytesIO(export(client, table="regions", format="xlsx").content)
    )
    sheet = workbook.worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    header_row = next(i for i, row in enumerate(values) if row[0] == header[0])
    assert [(row[0], row[enrolments]) for row in values[header_row + 1 :]] == [
        ("Алматы", 2),
        ("Астана", 3),
        (values[-1][0], 5),
    ]


def test_the_timeline_file_has_a_row_per_month_with_dates(client, world):
    client.force_login(world.admin)
    workbook = openpyxl.load_workbook(
        io.BytesIO(export(client, table="timeline", format="xlsx").content)
    )
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    months = [row[0] for row in rows if isinstance(row[0], dt.datetime)]
    assert [m.date() for m in months] == [dt.date(2026, m, 1) for m in range(1, 12)]


def test_text_never_runs_as_a_formula(client, world):
    world.astana.name_ru = '=HYPERLINK("http://evil")'
    world.astana.save()
    client.force_login(world.regional)
    rows = csv_rows(export(client, table="regions", format="csv"))
    assert rows[1][0].startswith("'=")


def test_an_unknown_table_or_format_is_not_found(client, world):
    client.force_login(world.admin)
    assert export(client, table="nope", format="csv").status_code == 404
    assert export(client, table="regions", format="exe").status_code == 404


def test_a_big_table_is_built_by_a_task_with_a_link(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_INLINE_ROWS = 1
    client.force_login(world.national)
    with django_capture_on_commit_callbacks(execute=True):
        response = export(client, table="regions", format="csv")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:exports")
    job = ExportJob.objects.get()
    assert (job.kind, job.table, job.format, job.status) == ("table", "regions", "csv", "ready")
    assert job.requested_by == world.national
    assert job.params == {**YEAR}
    link = reverse("reports:download", args=[job.pk])
    # the list shows the link, and the e-mail carries it
    assert link in client.get(reverse("reports:exports")).content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.national.email]
    assert link in mail.outbox[0].body
    content = b"".join(client.get(link).streaming_content).decode("utf-8")
    assert "Алматы;2" in content.replace('"', "")


def test_the_whole_dashboard_as_one_workbook(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.admin)
    board = client.get(reverse("reports:dashboard"), YEAR).context["board"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export"), {"kind": "workbook", "format": "xlsx", **YEAR})
    job = ExportJob.objects.get()
    response = client.get(reverse("reports:download", args=[job.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.worksheets) == len(board.tables)
    titles = [sheet["A1"].value for sheet in workbook.worksheets]
    assert titles == [str(table.title) for table in board.tables]


def test_a_job_uses_the_scope_the_person_has_when_it_runs(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.regional)
    client.post(reverse("reports:export"), {"kind": "workbook", "format": "xlsx", **YEAR})
    job = ExportJob.objects.get()
    world.regional.memberships.all().delete()  # the role is gone before the task runs
    services.export_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert not job.file
    assert job.error


def test_a_job_runs_once(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export"), {"kind": "workbook", "format": "xlsx", **YEAR})
    job = ExportJob.objects.get()
    name = job.file.name
    services.export_build(job_id=job.pk)  # a retried task
    job.refresh_from_db()
    assert job.file.name == name
    assert len(mail.outbox) == 1


def test_old_files_are_deleted_after_a_week(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export"), {"kind": "workbook", "format": "xlsx", **YEAR})
    job = ExportJob.objects.get()
    storage = job.file.storage
    name = job.file.name
    assert services.exports_purge(now=job.finished_at + dt.timedelta(days=6)) == 0
    assert services.exports_purge(now=job.finished_at + dt.timedelta(days=8)) == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert not storage.exists(name)
    assert client.get(reverse("reports:download", args=[job.pk])).status_code == 404


def test_the_exports_page_lists_only_ones_own_files(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export"), {"kind": "workbook", "format": "xlsx", **YEAR})
    mine = ExportJob.objects.get()
    client.force_login(world.national)
    page = client.get(reverse("reports:exports")).content.decode()
    assert reverse("reports:download", args=[mine.pk]) not in page
