"""The coordinators' reports: the dashboard, its exports and the yearly summary."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import charts, selectors, services
from .data import AUDIENCE, COURSE, ORGANISATION
from .forms import FILTER_NAMES, ReportFilterForm
from .models import ExportJob

PAGE_SIZE = 20


def _scope_or_403(request):
    scope = selectors.scope_of(request.user)
    if scope.empty:
        raise PermissionDenied
    return scope


def _filters(request, source, scope):
    """The filter form bound to the request's filters, or to the default period."""
    options = selectors.options(scope)
    today, _zone = services.today_and_zone(request.user)
    data = source.copy()
    if not data.get("start") and not data.get("end"):
        start, end = selectors.default_period(today)
        data["start"], data["end"] = start.isoformat(), end.isoformat()
    return ReportFilterForm(data, options=options, scope=scope), options


def _presets(form: ReportFilterForm, today: dt.date) -> list[tuple[str, str, bool]]:
    """Links to common periods, keeping the other filters: ``(label, query, current)``."""
    keep = {k: v for k, v in form.params().items() if k not in ("start", "end")}
    first_of_month = today.replace(day=1)
    year_ago = today - dt.timedelta(days=365)
    periods = [
        (_("This year"), today.replace(month=1, day=1), today),
        (_("Last year"), dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)),
        (_("Last 12 months"), year_ago + dt.timedelta(days=1), today),
        (_("This month"), first_of_month, today),
    ]
    current = (form.cleaned_data.get("start"), form.cleaned_data.get("end"))
    return [
        (
            label,
            urlencode({**keep, "start": start.isoformat(), "end": end.isoformat()}),
            (start, end) == current,
        )
        for label, start, end in periods
    ]


IGNORED_LABELS = {
    ORGANISATION: gettext_lazy("organisation"),
    COURSE: gettext_lazy("course"),
    AUDIENCE: gettext_lazy("audience"),
}


@login_required
@never_cache
@require_GET
def dashboard(request):
    scope = _scope_or_403(request)
    form, options = _filters(request, request.GET, scope)
    today, zone = services.today_and_zone(request.user)
    context = {
        "form": form,
        "scope": scope,
        "options": options,
        "today": today,
        "recent_exports": list(
            ExportJob.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")[:3]
        ),
        "years": list(range(today.year, max(2000, today.year - 9) - 1, -1)),
    }
    if form.is_valid():
        query = form.query(today=today, time_zone=zone)
        board = selectors.dashboard(query, options.regions)
        active = [name for name in IGNORED_LABELS if query.filtered_by(name)]
        context.update(
            {
                "board": board,
                "report": query,
                "chart": charts.line_chart(board.timeline, monthly=query.monthly),
                "presets": _presets(form, today),
                "params": form.params(),
                "sections": [
                    (section, [str(IGNORED_LABELS[n]) for n in active if n in section.ignores])
                    for section in board.sections
                ],
                "multi_country": len(options.countries) > 1,
            }
        )
    return render(request, "reports/dashboard.html", context)


def _params_from(request) -> dict[str, str]:
    return {name: request.POST[name] for name in FILTER_NAMES if request.POST.get(name)}


@login_required
@require_POST
def export(request):
    """A table of the dashboard as CSV or XLSX: at once when small, else built in the
    background (and the whole dashboard as one workbook always in the background)."""
    scope = _scope_or_403(request)
    kind = request.POST.get("kind", ExportJob.Kind.TABLE)
    fmt = request.POST.get("format", "")
    key = request.POST.get("table", "")
    form, options = _filters(request, request.POST, scope)
    if not form.is_valid():
        messages.error(request, _("Check the filters: the export was not made."))
        return redirect("reports:dashboard")
    if kind == ExportJob.Kind.TABLE:
        today, zone = services.today_and_zone(request.user)
        board = selectors.dashboard(form.query(today=today, time_zone=zone), options.regions)
        table = board.table(key)
        if table is None or fmt not in (ExportJob.Format.CSV, ExportJob.Format.XLSX):
            raise Http404
        if len(table.rows) <= settings.REPORTS_INLINE_ROWS:
            content, content_type, name = services.table_file(dashboard=board, key=key, fmt=fmt)
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    try:
        services.export_request(
            user=request.user, kind=kind, fmt=fmt, params=form.params(), table=key
        )
    except services.ReportError as refusal:
        if refusal.code == "forbidden":
            raise PermissionDenied from refusal
        raise Http404 from refusal
    messages.info(
        request,
        _("The file is being prepared. It will appear here, and we will e-mail you a link."),
    )
    return redirect("reports:exports")


@login_required
@require_POST
def yearly(request):
    """Queue the yearly summary PDF for the chosen year and the dashboard's place filters."""
    _scope_or_403(request)
    params = _params_from(request)
    params.pop("start", None)
    params.pop("end", None)
    year = request.POST.get("year", "")
    try:
        services.export_request(
            user=request.user,
            kind=ExportJob.Kind.YEARLY,
            fmt=ExportJob.Format.PDF,
            params={**params, "year": year},
        )
    except services.ReportError as refusal:
        raise PermissionDenied from refusal
    messages.info(
        request,
        _(
            "The yearly summary is being prepared. It will appear here, "
            "and we will e-mail you a link."
        ),
    )
    return redirect("reports:exports")


@login_required
@never_cache
@require_GET
def exports(request):
    """The person's own exports, newest first."""
    _scope_or_403(request)
    jobs = ExportJob.objects.filter(requested_by=request.user).order_by("-created_at", "-pk")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = any(job.status == ExportJob.Status.PENDING for job in page.object_list)
    return render(request, "reports/exports.html", {"page_obj": page, "refresh": pending})


@login_required
@require_GET
def download(request, job_id: int):
    """An export's file: for the person who asked for it, and nobody else."""
    job = get_object_or_404(ExportJob, pk=job_id, requested_by=request.user)
    if job.status != ExportJob.Status.READY or not job.file:
        raise Http404
    content_type = {
        ExportJob.Format.CSV: "text/csv; charset=utf-8",
        ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportJob.Format.PDF: "application/pdf",
    }[job.format]
    stem = job.table or job.kind
    return FileResponse(
        job.file.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=f"vektor-{stem}-{job.pk}.{job.format}",
    )
