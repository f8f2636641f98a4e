"""Operations that change certificates. Each write is one transaction; uniqueness (one
certificate per enrolment, one serial per number) is held by database constraints.

Refusals raise :class:`CertificateError` with a message in the user's language.
"""

import calendar
import hashlib
import mimetypes
import secrets
import tempfile
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from courses import api as courses
from lms.accounts import api as accounts
from lms.web import absolute_url, send_templated_mail

from . import rendering
from .models import (
    Certificate,
    CertificateArchive,
    CertificateEvent,
    CertificateRevision,
    CertificateTemplate,
    CourseCertificate,
    SerialCounter,
)
from .serials import format_serial


class CertificateError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- What a certificate certifies ------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def course_settings(course_id: int) -> CourseCertificate | None:
    return (
        CourseCertificate.objects.prefetch_related("templates").filter(course_id=course_id).first()
    )


def choose_template(
    *, course_language: str, preferred_language: str, settings_: CourseCertificate | None
) -> tuple[str, CertificateTemplate | None]:
    """The certificate's language and template: the learner's language where the course
    offers it, else the course's; then the course's template for that language, else the
    default template of that language."""
    offered = {t.language: t for t in settings_.templates.all()} if settings_ else {}
    if preferred_language in offered:
        return preferred_language, offered[preferred_language]
    if course_language in offered:
        return course_language, offered[course_language]
    if offered:
        language = sorted(offered)[0]
        return language, offered[language]
    default = CertificateTemplate.objects.filter(language=course_language, is_default=True).first()
    return course_language, default


def issuer_name(template: CertificateTemplate | None, language: str) -> str:
    if template is not None and template.issuer_id:
        return template.issuer.name
    with translation.override(language):
        return _("Vektor of Volunteering")


def recipient_identity(email: str, salt: str) -> str:
    """The Open Badges hashed identity of an e-mail address."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def _snapshot(*, enrolment: courses.EnrolmentData, user: accounts.UserData) -> dict:
    settings_ = course_settings(enrolment.course_id)
    language, template = choose_template(
        course_language=enrolment.course_language,
        preferred_language=user.preferred_language,
        settings_=settings_,
    )
    completed_on = enrolment.completed_at.astimezone(ZoneInfo(user.time_zone)).date()
    valid_months = settings_.valid_months if settings_ else None
    return {
        "template": template,
        "language": language,
        # Never the e-mail: it would be printed and shown to anyone with the link.
        "recipient_name": user.full_name.strip() or "—",
        "course_title": courses.course_title_in(enrolment.course_id, language)
        or enrolment.course_title,
        "hours": Decimal(enrolment.estimated_hours),
        "completed_on": completed_on,
        "valid_until": add_months(completed_on, valid_months) if valid_months else None,
        "issuer_name": issuer_name(template, language),
    }


# --- Issuing ---------------------------------------------------------------------------


def _next_number(*, prefix: str, year: int) -> int:
    """Take the next number of the year; the counter row stays locked until commit, so
    issuing is serialised per year and numbers have no gaps."""
    try:
        with transaction.atomic():
            SerialCounter.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass  # created by a concurrent call
    counter = SerialCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def certificate_issue(*, enrolment_id: int) -> Certificate | None:
    """The certificate of a completed enrolment, issued now if it has none. ``None`` if the
    enrolment does not exist or is not completed. Safe to call any number of times at once."""
    existing = Certificate.objects.filter(enrolment_id=enrolment_id).first()
    if existing is not None:
        return existing
    enrolment = courses.get_enrolment(enrolment_id)
    if enrolment is None or enrolment.completed_at is None:
        return None
    user = accounts.get_user(enrolment.user_id)
    snapshot = _snapshot(enrolment=enrolment, user=user)
    prefix = settings.CERTIFICATE_SERIAL_PREFIX
    # The site's calendar year, whoever triggered issuing (a learner's zone may differ).
    year = timezone.localdate(timezone=timezone.get_default_timezone()).year
    salt = secrets.token_hex(8)
    try:
        with transaction.atomic():
            number = _next_number(prefix=prefix, year=year)
            # Under the counter lock: a concurrent call for this enrolment has committed.
            existing = Certificate.objects.filter(enrolment_id=enrolment_id).first()
            if existing is not None:
                transaction.set_rollback(True)
                return existing
            certificate = Certificate.objects.create(
                serial=format_serial(prefix, year, number),
                year=year,
                number=number,
                enrolment_id=enrolment.id,
                course_id=enrolment.course_id,
                cohort_id=enrolment.cohort_id,
                user_id=user.id,
                region_id=user.region_id,
                recipient_salt=salt,
                recipient_hash=recipient_identity(user.email, salt),
                **snapshot,
            )
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateEvent.Action.ISSUED,
                details={"revision": 1, "language": certificate.language},
            )
    except IntegrityError:
        # The unique enrolment constraint caught a concurrent issue that slipped past.
        return Certificate.objects.filter(enrolment_id=enrolment_id).first()
    return certificate


# --- Rendering -------------------------------------------------------------------------


def _image_asset(image, spec: str) -> rendering.Asset | None:
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        body = handle.read()
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return rendering.Asset(body=body, mime_type=mime)


def verify_url(code: str) -> str:
    """The address printed and put in the QR code: without a language prefix, so that it
    opens in the language of whoever scans it."""
    return absolute_url("certificates:short", code, neutral=True)


def build_document(
    *,
    template: CertificateTemplate | None,
    language: str,
    data: dict,
    code: str,
) -> rendering.Document:
    """The document of a certificate: the template's layout filled with ``data`` (the
    snapshot, serial and dates), in ``language`` whatever the interface language is."""
    assets: dict[str, rendering.Asset] = {}

    def asset(name: str, image, spec: str) -> str:
        found = _image_asset(image, spec)
        if found is None:
            return ""
        assets[name] = found
        return rendering.ASSET_SCHEME + name

    signatories, logos, background_url = [], [], ""
    if template is not None:
        background_url = asset("background", template.background, "max-3508x3508")
        for index, person in enumerate(template.signatories.all()):
            signatories.append(
                {
                    "name": person.name,
                    "position": person.position,
                    "signature_url": asset(f"signature-{index}", person.signature, "max-600x240"),
                }
            )
        for index, logo in enumerate(template.logos.all()):
            logos.append(
                {"name": logo.name, "url": asset(f"logo-{index}", logo.image, "max-600x240")}
            )
    url = verify_url(code)
    with translation.override(language):
        context = {
            **data,
            "heading": (template.title if template and template.title else _("Certificate")),
            "signatories": signatories,
            "logos": logos,
            "background_url": background_url,
            "qr_svg": rendering.qr_svg(url),
            "verify_url": url,
            "verify_display": url.split("://", 1)[-1],
            "language": language,
        }
        body = rendering.render_body(
            layout_html=template.layout_html if template else "", context=context
        )
        title = f"{context['heading']} {data['serial']}"
    return rendering.Document(
        body_html=body,
        css=template.layout_css if template else "",
        orientation=template.orientation if template else "landscape",
        language=language,
        title=title,
        assets=assets,
    )


def certificate_document(certificate: Certificate) -> rendering.Document:
    return build_document(
        template=certificate.template,
        language=certificate.language,
        code=certificate.code,
        data={
            "recipient_name": certificate.recipient_name,
            "course_title": certificate.course_title,
            "hours": int(certificate.hours) if certificate.hours % 1 == 0 else certificate.hours,
            "completed_on": certificate.completed_on,
            "valid_until": certificate.valid_until,
            "issuer_name": certificate.issuer_name,
            "serial": certificate.serial,
        },
    )


def certificate_render(*, certificate_id: int) -> bool:
    """Render and store the PDF of the current revision, once. Returns whether this call
    stored it (a concurrent or earlier call may have)."""
    certificate = (
        Certificate.objects.select_related("template", "template__issuer")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None or certificate.sha256:
        return False
    pdf = rendering.render_pdf(certificate_document(certificate))
    digest = rendering.sha256(pdf)
    name = default_storage.save(
        f"certificates/{certificate.year}/{certificate.number:06d}-r{certificate.revision}-"
        f"{secrets.token_hex(6)}.pdf",
        ContentFile(pdf),
    )
    with transaction.atomic():
        stored = Certificate.objects.filter(
            pk=certificate.pk, revision=certificate.revision, sha256=""
        ).update(pdf=name, sha256=digest)
        if stored:
            CertificateEvent.objects.create(
                certificate=certificate,
                action=CertificateEvent.Action.RENDERED,
                details={"revision": certificate.revision, "sha256": digest},
            )
    if not stored:
        default_storage.delete(name)
    return bool(stored)


# --- E-mail ----------------------------------------------------------------------------


def certificate_announce(*, certificate_id: int) -> bool:
    """E-mail the learner that their certificate (revision) is ready, in the certificate's
    language; once per revision. The row stays locked while the mail goes, and the event is
    recorded only after it went, so a failed send is retried and never lost."""

    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .select_related("user")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None or not certificate.sha256:
            return False
        if certificate.events.filter(
            action=CertificateEvent.Action.EMAILED, details__revision=certificate.revision
        ).exists():
            return False
        with translation.override(certificate.language):
            context = {
                "certificate": certificate,
                "verify_url": verify_url(certificate.code),
                "pdf_url": absolute_url("certificates:pdf", certificate.code),
                "dashboard_url": absolute_url("courses:dashboard"),
            }
        send_templated_mail(
            template="certificates/email/issued",
            context=context,
            to=certificate.user.email,
            language=certificate.language,
        )
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.EMAILED,
            details={"revision": certificate.revision, "language": certificate.language},
        )
    return True


# --- Catching up -----------------------------------------------------------------------

RENDER_GRACE = timedelta(minutes=10)


def certificates_catch_up(*, limit: int = 200) -> dict[str, int]:
    """What a lost task left undone: certificates of completed enrolments that have none
    (a broker that was down at completion), PDFs not stored, e-mails not sent."""
    from .tasks import issue_certificate, render_certificate

    since = timezone.now() - timedelta(days=30)
    completed = courses.completed_enrolment_ids(since=since)
    issued = set(
        Certificate.objects.filter(enrolment_id__in=completed).values_list(
            "enrolment_id", flat=True
        )
    )
    missing = [pk for pk in completed if pk not in issued][:limit]
    for enrolment_id in missing:
        issue_certificate.delay(enrolment_id)
    stale = list(
        Certificate.objects.filter(
            sha256="", issued_at__lt=timezone.now() - RENDER_GRACE
        ).values_list("pk", flat=True)[:limit]
    )
    unannounced = list(
        Certificate.objects.exclude(sha256="")
        .filter(issued_at__gte=since)
        .exclude(events__action=CertificateEvent.Action.EMAILED)
        .values_list("pk", flat=True)[:limit]
    )
    for certificate_id in {*stale, *unannounced}:
        render_certificate.delay(certificate_id)
    return {"issued": len(missing), "rendered": len(stale), "announced": len(unannounced)}


# --- Revoking and re-issuing -----------------------------------------------------------


def _check_manager(*, actor, certificate: Certificate) -> None:
    """Coordinators of the learner's cohort or region, and administrators, manage a
    certificate; ``actor=None`` is the platform itself."""
    if actor is None:
        return
    scope = courses.managed_scope(actor)
    if not scope.covers(cohort_id=certificate.cohort_id, region_id=certificate.region_id):
        raise CertificateError(
            _("Only a coordinator of the learner's region can do this."), "not_coordinator"
        )


def certificate_revoke(*, certificate_id: int, actor, reason: str) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."), "reason")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        _check_manager(actor=actor, certificate=certificate)
        if certificate.status == Certificate.Status.REVOKED:
            raise CertificateError(_("This certificate is already revoked."), "revoked")
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.REVOKED,
            actor=actor,
            reason=reason,
            details={"revision": certificate.revision},
        )
    return certificate


def certificate_reissue(
    *, certificate_id: int, actor, reason: str, recipient_name: str | None = None
) -> Certificate:
    """A new revision under the same serial and code, with a fresh snapshot (the corrected
    name, the course's current title); the old revision's hash stays known. Valid again if
    it was revoked. The PDF is rendered by a task after commit."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is re-issued."), "reason")
    recipient_name = (recipient_name or "").strip()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        _check_manager(actor=actor, certificate=certificate)
        if not certificate.sha256 and certificate.issued_at > timezone.now() - RENDER_GRACE:
            raise CertificateError(
                _("The certificate is still being prepared; try again in a minute."), "pending"
            )
        enrolment = courses.get_enrolment(certificate.enrolment_id)
        user = accounts.get_user(certificate.user_id)
        before = {
            "recipient_name": certificate.recipient_name,
            "course_title": certificate.course_title,
            "hours": str(certificate.hours),
            "completed_on": certificate.completed_on.isoformat(),
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
            "issuer_name": certificate.issuer_name,
            "language": certificate.language,
            "status": certificate.status,
            "revoked_reason": certificate.revoked_reason,
        }
        if certificate.sha256:  # a revision whose PDF was never stored leaves no trace
            CertificateRevision.objects.create(
                certificate=certificate,
                revision=certificate.revision,
                sha256=certificate.sha256,
                pdf=certificate.pdf.name,
                snapshot=before,
                issued_at=certificate.issued_at,
            )
        settings_ = course_settings(certificate.course_id)
        template = (
            next((t for t in settings_.templates.all() if t.language == certificate.language), None)
            if settings_
            else None
        )
        if template is None:
            template = CertificateTemplate.objects.filter(
                language=certificate.language, is_default=True
            ).first()
        certificate.template = template
        certificate.recipient_name = recipient_name or user.full_name.strip() or "—"
        if enrolment is not None:
            certificate.course_title = (
                courses.course_title_in(enrolment.course_id, certificate.language)
                or enrolment.course_title
            )
            certificate.hours = Decimal(enrolment.estimated_hours)
        valid_months = settings_.valid_months if settings_ else None
        certificate.valid_until = (
            add_months(certificate.completed_on, valid_months) if valid_months else None
        )
        certificate.issuer_name = issuer_name(template, certificate.language)
        certificate.revision += 1
        certificate.issued_at = timezone.now()
        certificate.pdf = ""
        certificate.sha256 = ""
        certificate.status = Certificate.Status.ISSUED
        certificate.revoked_at = None
        certificate.revoked_reason = ""
        certificate.save()
        CertificateEvent.objects.create(
            certificate=certificate,
            action=CertificateEvent.Action.REISSUED,
            actor=actor,
            reason=reason,
            details={
                "revision": certificate.revision,
                "recipient_name": [before["recipient_name"], certificate.recipient_name],
            },
        )
        from .tasks import render_certificate

        render_certificate.delay_on_commit(certificate.pk)
    return certificate


# --- Cohort archives -------------------------------------------------------------------


def archive_request(*, cohort_id: int, user) -> CertificateArchive:
    with transaction.atomic():
        archive = CertificateArchive.objects.create(cohort_id=cohort_id, requested_by=user)
        from .tasks import build_archive

        build_archive.delay_on_commit(archive.pk)
    return archive


def _zip_name(certificate: Certificate) -> str:
    name = get_valid_filename(f"{certificate.serial} {certificate.recipient_name}") or "x"
    return str(PurePosixPath(name).with_suffix(".pdf"))


def archive_build(*, archive_id: int) -> CertificateArchive | None:
    """Write the ZIP of the cohort's valid certificates; safe to run twice."""
    archive = CertificateArchive.objects.filter(pk=archive_id).first()
    if archive is None or archive.status == CertificateArchive.Status.READY:
        return archive
    certificates = (
        Certificate.objects.filter(cohort_id=archive.cohort_id, status=Certificate.Status.ISSUED)
        .exclude(sha256="")
        .order_by("number", "pk")
    )
    try:
        return _archive_write(archive, certificates)
    except Exception:
        CertificateArchive.objects.filter(
            pk=archive.pk, status=CertificateArchive.Status.PENDING
        ).update(status=CertificateArchive.Status.FAILED, finished_at=timezone.now())
        raise


def _archive_write(archive: CertificateArchive, certificates) -> CertificateArchive:
    count = 0
    with tempfile.TemporaryFile() as spool:
        # PDFs are already compressed: stored, not deflated, to spare the worker's CPU.
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as bundle:
            for certificate in certificates.iterator():
                with certificate.pdf.open("rb") as handle:
                    bundle.writestr(_zip_name(certificate), handle.read())
                count += 1
        spool.seek(0)
        name = default_storage.save(
            f"certificate-archives/cohort-{archive.cohort_id}-{secrets.token_hex(8)}.zip",
            File(spool),
        )
    updated = CertificateArchive.objects.filter(
        pk=archive.pk, status=CertificateArchive.Status.PENDING
    ).update(
        status=CertificateArchive.Status.READY, file=name, count=count, finished_at=timezone.now()
    )
    if not updated:
        default_storage.delete(name)
    archive.refresh_from_db()
    return archive
