"""Operations of the reports: an export asked for, built in the background, cleaned up."""

import datetime as dt
import logging
import secrets
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts import api as accounts
from lms.web import absolute_url, send_templated_mail

from . import exports, selectors, yearly
from .forms import ReportFilterForm
from .models import ExportJob

log = logging.getLogger(__name__)

KEEP_FOR = dt.timedelta(days=7)


class ReportError(Exception):
    """A refusal: ``message`` in the user's language, ``code`` for programs."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def filter_form(*, user, params: dict[str, str]) -> ReportFilterForm:
    """The dashboard's filter form for a person, bound to ``params`` (a query dict)."""
    scope = selectors.scope_of(user)
    data = QueryDict(mutable=True)
    data.update(params)
    return ReportFilterForm(data, options=selectors.options(scope), scope=scope)


def today_and_zone(user) -> tuple[dt.date, str]:
    """The person's today and time zone: report days are their days."""
    zone = accounts.user_time_zone(user)
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(zone)), zone


def table_file(*, dashboard: selectors.Dashboard, key: str, fmt: str) -> tuple[bytes, str, str]:
    """A dashboard table as ``(content, content type, file name)``."""
    table = dashboard.table(key)
    if table is None:
        raise ReportError(_("There is no such table."), "unknown_table")
    stem = f"{key}-{dashboard.query.start.isoformat()}-{dashboard.query.end.isoformat()}"
    if fmt == ExportJob.Format.CSV:
        return exports.table_csv(table).encode("utf-8"), exports.CSV_CONTENT_TYPE, f"{stem}.csv"
    if fmt == ExportJob.Format.XLSX:
        return exports.tables_xlsx([table]), exports.XLSX_CONTENT_TYPE, f"{stem}.xlsx"
    raise ReportError(_("There is no such format."), "unknown_format")


def export_request(
    *, user, kind: str, fmt: str, params: dict[str, str], table: str = ""
) -> ExportJob:
    """Queue the building of a file of report figures for the person."""
    if not selectors.may_view(user):
        raise ReportError(_("Reports are for programme coordinators."), "forbidden")
    allowed = {
        ExportJob.Kind.TABLE: {ExportJob.Format.CSV, ExportJob.Format.XLSX},
        ExportJob.Kind.WORKBOOK: {ExportJob.Format.XLSX},
        ExportJob.Kind.YEARLY: {ExportJob.Format.PDF},
    }
    if kind not in allowed or fmt not in allowed[kind]:
        raise ReportError(_("There is no such format."), "unknown_format")
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user,
            kind=kind,
            format=fmt,
            table=table,
            params=params,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        from .tasks import build_export

        build_export.delay_on_commit(job.pk)
    return job


def _build(job: ExportJob) -> tuple[bytes, str, int]:
    """The job's file, its title and how many rows it holds, built with the requester's scope
    of now (a coordinator who lost the role gets nothing)."""
    user = job.requested_by
    if not user.is_active or not selectors.may_view(user):
        raise ReportError(_("You no longer have access to these reports."), "forbidden")
    today, zone = today_and_zone(user)
    if job.kind == ExportJob.Kind.YEARLY:
        return yearly.build(user=user, params=job.params, today=today, time_zone=zone)
    form = filter_form(user=user, params=job.params)
    if not form.is_valid():
        raise ReportError(_("The filters of this export are no longer valid."), "invalid")
    scope = selectors.scope_of(user)
    dashboard = selectors.dashboard(
        form.query(today=today, time_zone=zone), selectors.options(scope).regions
    )
    if job.kind == ExportJob.Kind.TABLE:
        table = dashboard.table(job.table)
        if table is None:
            raise ReportError(_("There is no such table."), "unknown_table")
        content, _type, _name = table_file(dashboard=dashboard, key=job.table, fmt=job.format)
        return content, str(table.title), len(table.rows)
    heading = period_label(dashboard.query.start, dashboard.query.end)
    content = exports.tables_xlsx(dashboard.tables, heading=heading)
    return content, _("All tables"), sum(len(table.rows) for table in dashboard.tables)


def period_label(start: dt.date, end: dt.date) -> str:
    return _("%(start)s – %(end)s") % {
        "start": date_format(start, "SHORT_DATE_FORMAT"),
        "end": date_format(end, "SHORT_DATE_FORMAT"),
    }


def export_build(*, job_id: int) -> ExportJob | None:
    """Build and store the job's file, then tell the requester; safe to run twice."""
    job = ExportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != ExportJob.Status.PENDING:
        return job
    user = job.requested_by
    zone = accounts.user_time_zone(user)
    try:
        with translation.override(job.language), timezone.override(zone):
            content, title, rows = _build(job)
    except ReportError as refusal:
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
            status=ExportJob.Status.FAILED, error=refusal.message, finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    except OperationalError:
        raise  # the database is away: the task retries
    except Exception:
        log.exception("Report export %s failed", job.pk)
        with translation.override(job.language):
            error = _("The file could not be built. Please try again later.")
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
            status=ExportJob.Status.FAILED, error=error, finished_at=timezone.now()
        )
        raise
    name = default_storage.save(
        f"report-exports/{job.kind}-{job.pk}-{secrets.token_hex(12)}.{job.format}",
        ContentFile(content),
    )
    updated = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.READY,
        file=name,
        title=title[:255],
        rows=rows,
        finished_at=timezone.now(),
    )
    if not updated:  # a second run finished first
        default_storage.delete(name)
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    with translation.override(job.language):
        link = absolute_url("reports:download", job.pk)
    send_templated_mail(
        template="reports/email/export_ready",
        context={"job": job, "link": link, "person": user},
        to=user.email,
        language=job.language,
        time_zone=zone,
    )
    return job


def exports_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports finished more than a week ago; the rows stay, marked."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(
        status=ExportJob.Status.READY, finished_at__lt=now - KEEP_FOR
    ).exclude(file="")
    count = 0
    for job in old.iterator():
        default_storage.delete(job.file.name)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, file="")
        count += 1
    return count
