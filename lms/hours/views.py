"""Thin views: read through selectors, change through services, explain refusals."""

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms import extensions
from lms.i18n import active_language
from lms.pdf import render_pdf
from lms.web import excel_csv_writer, spreadsheet_text

from . import selectors, services
from .forms import ERROR_FIELDS, HoursEntryForm
from .models import HoursEntry, format_hours

PAGE_SIZE = 25
FIRST_YEAR, LAST_YEAR = 1950, 2100


def _requested_year(request) -> int | None:
    """The ``year`` of the query string, when it is a plausible year."""
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
        return int(value)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    """ "My hours": totals, the entries, the exports and the form to log an activity."""
    if request.method == "POST":
        form = HoursEntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                entry = form.save(user=request.user)
            except services.HoursError as error:
                form.add_error(ERROR_FIELDS.get(error.code), error.message)
            else:
                messages.success(
                    request,
                    _("%(hours)s h logged. They count once the organisation confirms them.")
                    % {"hours": format_hours(entry.minutes)},
                )
                return redirect("hours:mine")
    else:
        form = HoursEntryForm()
    year = _requested_year(request)
    totals = selectors.totals(user=request.user, year=year)
    years = sorted({*totals.years, *([year] if year else [])}, reverse=True)
    entries = Paginator(selectors.entries_for(user=request.user, year=year), PAGE_SIZE)
    year_query = f"year={year}" if year else ""
    return render(
        request,
        "hours/mine.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "totals": totals,
            "entries_page": entries.get_page(request.GET.get("page")),
            "year_query": year_query,
            "export_query": f"?{year_query}" if year_query else "",
        },
    )


@login_required
def export_csv(request):
    """The person's entries as CSV: UTF-8 with a byte-order mark, so that Excel reads the
    Cyrillic; separated by semicolons where the decimal separator is a comma (Russian,
    Kazakh), as Excel expects there, else by commas."""
    year = _requested_year(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"vektor-hours-{year}.csv" if year else "vektor-hours.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = excel_csv_writer(response)
    writer.writerow(
        [
            _("Date"),
            _("Organisation"),
            _("Hours"),
            _("Kind of activity"),
            _("Status"),
            _("Description"),
            _("Reason for rejection"),
        ]
    )
    for entry in selectors.entries_for(user=request.user, year=year).iterator(chunk_size=500):
        writer.writerow(
            [
                entry.date.isoformat(),
                spreadsheet_text(entry.organisation.name if entry.organisation else ""),
                format_hours(entry.minutes),
                entry.get_source_display(),
                entry.get_status_display(),
                spreadsheet_text(entry.description),
                spreadsheet_text(entry.rejection_reason),
            ]
        )
    return response


@login_required
def book_pdf(request):
    """The volunteer book: a printable A4 PDF of the person's confirmed hours, then what other
    apps add to it (``volunteer_book`` slot, e.g. supervisors' feedback on a placement)."""
    year = _requested_year(request)
    html = render_to_string(
        "hours/book.html",
        {
            "person": request.user,
            "year": year,
            "totals": selectors.totals(user=request.user, year=year),
            "entries": selectors.confirmed_entries_for(user=request.user, year=year),
            "sections": extensions.collect("volunteer_book", request.user.pk, year),
            "today": timezone.localdate(),
            "language": active_language(),
        },
    )
    data = render_pdf(html, stylesheets=["hours/book.css"])
    name = f"volunteer-book-{year}.pdf" if year else "volunteer-book.pdf"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def evidence(request, entry_id: int):
    """An entry's evidence, for its person and for those who may decide on it."""
    entry = get_object_or_404(HoursEntry, pk=entry_id)
    if not entry.evidence or not selectors.may_see_evidence(user=request.user, entry=entry):
        raise Http404
    suffix = PurePosixPath(entry.evidence.name).suffix
    return FileResponse(entry.evidence.open("rb"), filename=f"evidence-{entry.pk}{suffix}")


@login_required
def confirm_list(request):
    """Entries waiting at the organisations where the person confirms hours."""
    if not selectors.may_confirm_anywhere(user=request.user):
        raise PermissionDenied
    page = Paginator(selectors.waiting_for(actor=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "hours/confirm.html", {"entries_page": page})


@login_required
@require_POST
def decide(request, entry_id: int):
    """Confirm or reject one entry, then back to the list (on the same page)."""
    action = request.POST.get("action")
    if action not in ("confirm", "reject"):
        messages.error(request, _("Choose to confirm or to reject."))
        return _back_to_list(request)
    try:
        if action == "confirm":
            entry = services.hours_confirm(entry_id=entry_id, actor=request.user)
        else:
            entry = services.hours_reject(
                entry_id=entry_id, actor=request.user, reason=request.POST.get("reason", "")
            )
    except services.HoursError as error:
        if error.code == "not_found":
            raise Http404 from None
        if error.code in ("forbidden", "own"):
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
        return _back_to_list(request)
    values = {
        "hours": format_hours(entry.minutes),
        "name": entry.user.full_name or entry.user.email,
    }
    if action == "confirm":
        messages.success(request, _("Confirmed: %(hours)s h of %(name)s.") % values)
    else:
        messages.success(request, _("Rejected: %(hours)s h of %(name)s.") % values)
    return _back_to_list(request)


def _back_to_list(request):
    url = reverse("hours:confirm")
    page = request.POST.get("page", "")
    if page.isascii() and page.isdigit() and page != "1":
        url += f"?page={page}"
    return redirect(url)
