from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from courses import api as courses
from lms import extensions

from . import exports, rendering, selectors, services
from .forms import ReissueForm, RevokeForm, VerifyForm, VoucherFilterForm
from .models import Certificate, CertificateArchive, CertificateTemplate, Voucher

# --- Public verification -------------------------------------------------------------

VERIFY_LIMIT = 30  # serial look-ups per address in VERIFY_WINDOW seconds
VERIFY_WINDOW = 600


def _client_address(request) -> str:
    """The visitor's address; behind our proxy (BEHIND_PROXY), the one it appended to
    X-Forwarded-For, which the visitor cannot forge."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _over_limit(request) -> bool:
    key = f"certificates:verify:{_client_address(request)}"
    cache.add(key, 0, VERIFY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        return False
    return count > VERIFY_LIMIT


def short_link(request, code: str):
    """The address printed in the QR code: opens the verification page in the visitor's
    language (their profile's, else their browser's)."""
    language = (
        request.user.preferred_language
        if request.user.is_authenticated and request.user.preferred_language
        else translation.get_language_from_request(request, check_path=False)
    )
    with translation.override(language):
        return redirect(reverse("certificates:verify_code", args=[code]))


def masked_name(name: str) -> str:
    """Initials only ("А. Ж."): a serial can be guessed, so a look-up by serial alone does
    not reveal who holds it."""
    return " ".join(f"{part[0]}." for part in name.split() if part)


def verify(request):
    form = VerifyForm(request.GET or None)
    result = None
    status = 200
    if form.is_bound:
        if _over_limit(request):
            form.add_error(None, _("Too many checks from your address. Try again in 10 minutes."))
            status = 429
        elif form.is_valid():
            result = selectors.verify_by_serial(form.cleaned_data["serial"])
    found = (result.certificate or result.voucher) if result else None
    masked_recipient = masked_name(found.recipient_name) if found else ""
    return render(
        request,
        "certificates/verify.html",
        {"form": form, "result": result, "masked": True, "masked_recipient": masked_recipient},
        status=status,
    )


def verify_code(request, code: str):
    result = selectors.verify_by_code(code)
    return render(
        request,
        "certificates/verify.html",
        {"form": VerifyForm(), "result": result, "masked": False},
        status=200 if result.found else 404,
    )


def pdf(request, code: str):
    """The current PDF, for anyone holding the certificate's code (the share link)."""
    certificate = Certificate.objects.filter(code=code.upper()).first()
    if certificate is None or certificate.status == Certificate.Status.REVOKED:
        raise Http404
    if not certificate.sha256:
        return render(
            request, "certificates/pending.html", {"certificate": certificate}, status=503
        )
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment="download" in request.GET,
        filename=f"{certificate.serial}.pdf",
    )
    response["X-Content-SHA256"] = certificate.sha256
    return response


# --- The learner's dashboard and the cohort page (extension slots) ---------------------


def dashboard_panel(request) -> extensions.Panel | None:
    certificates = list(selectors.user_certificates(user=request.user))
    today = timezone.localdate()
    for certificate in certificates:
        certificate.verification_status = selectors.status_of(certificate, today=today)
    return extensions.Panel(
        template="certificates/dashboard_panel.html",
        context={"certificates": certificates},
        order=50,
    )


def cohort_actions(request, cohort_id: int) -> list[extensions.Link]:
    if not courses.coordinates_cohort(request.user, cohort_id):
        return []
    return [
        extensions.Link(
            label=_("All certificates as a ZIP"),
            url=reverse("certificates:cohort_archive", args=[cohort_id]),
        )
    ]


# --- Coordinators: revoke, re-issue, cohort archives ---------------------------------


@login_required
def manage_list(request):
    if not selectors.can_manage_any(user=request.user):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.managed_certificates(user=request.user, query=query), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "certificates/manage_list.html", {"page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def manage_detail(request, certificate_id: int):
    certificate = get_object_or_404(Certificate.objects.select_related("user"), pk=certificate_id)
    if not selectors.can_manage(user=request.user, certificate=certificate):
        raise PermissionDenied
    revoke_form = RevokeForm(prefix="revoke")
    reissue_form = ReissueForm(
        prefix="reissue", initial={"recipient_name": certificate.user.full_name}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        form = (
            RevokeForm(request.POST, prefix="revoke")
            if action == "revoke"
            else ReissueForm(request.POST, prefix="reissue")
        )
        if form.is_valid():
            try:
                if action == "revoke":
                    services.certificate_revoke(
                        certificate_id=certificate.pk,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The certificate is revoked."))
                else:
                    services.certificate_reissue(
                        certificate_id=certificate.pk,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                        recipient_name=form.cleaned_data["recipient_name"],
                    )
                    messages.success(
                        request,
                        _("A new revision is issued; the learner gets it by e-mail."),
                    )
                return redirect("certificates:manage_detail", certificate_id=certificate.pk)
            except services.CertificateError as error:
                form.add_error(None, error.message)
        if action == "revoke":
            revoke_form = form
        else:
            reissue_form = form
    return render(
        request,
        "certificates/manage_detail.html",
        {
            "certificate": certificate,
            "status": selectors.status_of(certificate),
            "events": certificate.events.select_related("actor"),
            "revisions": certificate.revisions.all(),
            "revoke_form": revoke_form,
            "reissue_form": reissue_form,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def cohort_archive(request, cohort_id: int):
    cohort = courses.get_cohort(cohort_id)
    if cohort is None:
        raise Http404
    if not courses.coordinates_cohort(request.user, cohort_id):
        raise PermissionDenied
    if request.method == "POST":
        services.archive_request(cohort_id=cohort_id, user=request.user)
        messages.info(
            request, _("The archive is being prepared. This page shows when it is ready.")
        )
        return redirect("certificates:cohort_archive", cohort_id=cohort_id)
    archive = selectors.latest_archive(cohort_id=cohort_id, user=request.user)
    return render(
        request,
        "certificates/cohort_archive.html",
        {
            "cohort": cohort,
            "archive": archive,
            "refresh": archive is not None and archive.status == CertificateArchive.Status.PENDING,
            "ready_count": len(courses.cohort_completed_enrolment_ids(cohort_id)),
        },
    )


@login_required
def archive_download(request, archive_id: int):
    archive = get_object_or_404(CertificateArchive, pk=archive_id)
    if archive.requested_by_id != request.user.pk:
        raise PermissionDenied
    if archive.status != CertificateArchive.Status.READY:
        raise Http404
    return FileResponse(
        archive.file.open("rb"),
        content_type="application/zip",
        as_attachment=True,
        filename=f"certificates-cohort-{archive.cohort_id}.zip",
    )


# --- Editors: a template previewed with sample data ------------------------------------

SAMPLES = {
    "ru": ("Айгерим Сәрсенқызы Жұмабаева", "Организация добровольческой деятельности в регионе"),
    "kk": ("Айгерім Сәрсенқызы Жұмабаева", "Өңірдегі еріктілер қызметін ұйымдастыру"),
    "en": ("Aigerim Sarsenkyzy Zhumabayeva", "Organising volunteering in your region"),
}


def template_preview_response(template: CertificateTemplate) -> HttpResponse:
    name, course = SAMPLES.get(template.language, SAMPLES["ru"])
    today = timezone.localdate()
    try:
        document = services.build_document(
            template=template,
            language=template.language,
            code="PREVIEW0000000000",
            data={
                "recipient_name": name,
                "course_title": course,
                "hours": Decimal("16"),
                "completed_on": today,
                "valid_until": date(today.year + 2, today.month, min(today.day, 28)),
                "issuer_name": services.issuer_name(template, template.language),
                "serial": f"ВД-{today.year}-000123",
            },
        )
        body = rendering.render_pdf(document)
    except rendering.LayoutError as error:
        return HttpResponse(str(error), content_type="text/plain; charset=utf-8", status=400)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    return response


# --- Social-credit vouchers ------------------------------------------------------------

VOUCHER_PAGE_SIZE = 25


def _voucher_file(request, code: str, *, statement: bool):
    voucher = Voucher.objects.filter(code=code.upper()).first()
    if voucher is None:
        raise Http404
    if not selectors.may_download_voucher(user=request.user, voucher=voucher, statement=statement):
        raise PermissionDenied
    file, digest = (
        (voucher.statement_pdf, voucher.statement_sha256)
        if statement
        else (voucher.pdf, voucher.sha256)
    )
    if not digest:
        return render(
            request, "certificates/voucher_pending.html", {"voucher": voucher}, status=503
        )
    response = FileResponse(
        file.open("rb"),
        content_type="application/pdf",
        as_attachment="download" in request.GET,
        filename=f"{voucher.serial}{'-statement' if statement else ''}.pdf",
    )
    response["X-Content-SHA256"] = digest
    return response


@login_required
def voucher_pdf(request, code: str):
    """The voucher: for the student, the programme's coordinators and administrators."""
    return _voucher_file(request, code, statement=False)


@login_required
def voucher_statement(request, code: str):
    """The academic-credit statement: also for the officers of the student's university."""
    return _voucher_file(request, code, statement=True)


def _voucher_listing(request) -> tuple[selectors.VoucherScope, VoucherFilterForm, dict]:
    scope = selectors.voucher_scope(user=request.user)
    if scope.empty:
        raise PermissionDenied
    programmes, universities = selectors.voucher_choices(scope=scope)
    form = VoucherFilterForm(
        request.GET,
        programmes=programmes,
        universities=universities,
        statuses=Voucher.Status.choices,
    )
    filters = form.filters()
    vouchers = selectors.scoped_vouchers(
        scope=scope,
        programme_id=filters.get("programme"),
        university_id=filters.get("university"),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    return scope, form, {"vouchers": vouchers, "filters": filters}


def _filter_query(filters: dict) -> str:
    return urlencode({name: value for name, value in filters.items() if value})


@login_required
def voucher_list(request):
    """Social-credit vouchers: a programme coordinator sees their programmes' and marks them
    paid; a university officer sees their students' only."""
    scope, form, found = _voucher_listing(request)
    vouchers = found["vouchers"]
    page = Paginator(vouchers, VOUCHER_PAGE_SIZE).get_page(request.GET.get("page"))
    for voucher in page.object_list:
        voucher.managed = scope.manages(voucher)  # may mark paid and open the voucher PDF
    query = _filter_query(found["filters"])
    return render(
        request,
        "certificates/vouchers.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.voucher_totals(vouchers),
            "filter_query": query,
            "may_mark_paid": scope.everything or bool(scope.programme_ids),
            "next_url": request.get_full_path(),
        },
    )


def _export_name(extension: str) -> str:
    return f"vouchers-{timezone.localdate().isoformat()}.{extension}"


@login_required
def voucher_export_csv(request):
    _scope, _form, found = _voucher_listing(request)
    response = HttpResponse(
        exports.vouchers_csv(found["vouchers"].iterator(chunk_size=500)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@login_required
def voucher_export_xlsx(request):
    _scope, _form, found = _voucher_listing(request)
    response = HttpResponse(
        exports.vouchers_xlsx(found["vouchers"].iterator(chunk_size=500)),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("xlsx")}"'
    return response


@login_required
@require_POST
def voucher_paid(request, voucher_id: int):
    """Mark one voucher paid (programme coordinators of its programme, administrators)."""
    voucher = get_object_or_404(Voucher, pk=voucher_id)
    if not selectors.voucher_scope(user=request.user).manages(voucher):
        raise PermissionDenied
    try:
        services.voucher_mark_paid(voucher_id=voucher.pk, actor=request.user)
    except services.VoucherError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Voucher %(serial)s is marked paid.") % {"serial": voucher.serial}
        )
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("certificates:vouchers")
    return redirect(next_url)


def _student_vouchers(request) -> list[Voucher]:
    return list(selectors.user_vouchers(user=request.user))


def voucher_dashboard(request) -> extensions.Panel | None:
    """The learner's dashboard: their vouchers, when they have any."""
    if not request.user.is_authenticated:
        return None
    vouchers = _student_vouchers(request)
    if not vouchers:
        return None
    return extensions.Panel(
        template="certificates/voucher_panel.html",
        context={"vouchers": vouchers, "id": "dashboard-vouchers"},
        order=55,
    )


def voucher_links(request) -> list[extensions.Link]:
    """Provider of the ``social_credit_links`` slot: the voucher list, for those who have one
    (programme coordinators, university officers, administrators)."""
    if selectors.voucher_scope(user=request.user).empty:
        return []
    return [extensions.Link(label=_("Vouchers"), url=reverse("certificates:vouchers"))]


def voucher_panel(request) -> extensions.Panel | None:
    """Provider of the ``social_credit_student`` slot: the signed-in student's vouchers with
    their PDFs and statements, or a word on how one is earned."""
    if not request.user.is_authenticated:
        return None
    return extensions.Panel(
        template="certificates/voucher_panel.html",
        context={"vouchers": _student_vouchers(request), "id": "vouchers", "explain": True},
        order=20,
    )
