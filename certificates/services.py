"""Operations that change certificates and social-credit vouchers. Each write is one
transaction; uniqueness (one certificate per enrolment, one voucher per student and tier, one
serial per number) is held by database constraints.

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
from django.db.models import F, Q, Sum
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from courses import api as courses
from lms.accounts import api as accounts
from lms.socialcredit import api as socialcredit
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
    Voucher,
    VoucherAccount,
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


# --- Social-credit vouchers ------------------------------------------------------------


class VoucherError(CertificateError):
    """A refusal about a voucher: ``message`` in the user's language, ``code`` for programs."""


VOUCHER_RECENT = timedelta(days=90)  # catch-up looks at programmes ended this recently


def _site_year() -> int:
    return timezone.localdate(timezone=timezone.get_default_timezone()).year


def _reached(programme: socialcredit.ProgrammeData, confirmed_minutes: int) -> list:
    """The programme's tiers the confirmed minutes reach, lowest first."""
    return [tier for tier in programme.tiers if tier.hours * 60 <= confirmed_minutes]


def _lock_account(*, user_id: int, programme_id: int, participation_id: int) -> VoucherAccount:
    """The student's voucher account in the programme, locked until the transaction ends:
    concurrent issuing for the same student and programme waits here."""
    try:
        with transaction.atomic():
            VoucherAccount.objects.get_or_create(
                user_id=user_id,
                programme_id=programme_id,
                defaults={"participation_id": participation_id},
            )
    except IntegrityError:
        pass  # created by a concurrent call
    return VoucherAccount.objects.select_for_update().get(
        user_id=user_id, programme_id=programme_id
    )


def _voucher_language(user: accounts.UserData) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return (
        user.preferred_language if user.preferred_language in languages else settings.LANGUAGE_CODE
    )


def _issue_reached(
    *,
    user: accounts.UserData,
    participation: socialcredit.ParticipationData,
    programme: socialcredit.ProgrammeData,
    reached: list,
) -> list[Voucher]:
    from .tasks import render_voucher

    prefix = settings.VOUCHER_SERIAL_PREFIX
    year = _site_year()
    created: list[Voucher] = []
    with transaction.atomic():
        _lock_account(user_id=user.id, programme_id=programme.id, participation_id=participation.id)
        # Under the account's lock: what earlier vouchers of the programme paid is final.
        earlier = Voucher.objects.filter(user_id=user.id, programme_id=programme.id)
        issued_tiers = set(earlier.values_list("tier_id", flat=True))
        totals = earlier.aggregate(
            amount=Sum("amount", default=Decimal(0)), credits=Sum("credits", default=0)
        )
        amount_paid, credits_given = Decimal(totals["amount"]), totals["credits"]
        for tier in reached:
            if tier.id in issued_tiers:
                continue
            amount = max(Decimal(0), tier.amount - amount_paid)
            credits = max(0, min(tier.credits, programme.credit_ceiling) - credits_given)
            if not amount and not credits:
                # A tier added or re-created after higher vouchers adds nothing: no voucher
                # of 0 with its own number, documents and e-mail.
                continue
            number = _next_number(prefix=prefix, year=year)
            voucher = Voucher.objects.create(
                serial=format_serial(prefix, year, number),
                year=year,
                number=number,
                user_id=user.id,
                participation_id=participation.id,
                programme_id=programme.id,
                tier_id=tier.id,
                tier_hours=tier.hours,
                amount=amount,
                credits=credits,
                currency=programme.currency,
                confirmed_minutes=participation.confirmed_minutes,
                # Never the e-mail: it would be printed and shown to anyone with the link.
                recipient_name=user.full_name.strip() or "—",
                student_id=participation.student_id,
                university_id=participation.university_id,
                university_name=participation.university_name,
                programme_title=programme.title,
                issuer_name=programme.organisation_name,
                host_names=list(participation.host_names),
                supervisor_names=list(participation.supervisor_names),
                period_start=programme.starts_on,
                period_end=programme.ends_on,
                language=_voucher_language(user),
            )
            amount_paid += amount
            credits_given += credits
            created.append(voucher)
            render_voucher.delay_on_commit(voucher.pk)
    return created


def voucher_issue_due(*, user_id: int) -> list[Voucher]:
    """Issue the vouchers a student's confirmed hours have reached and that are not issued
    yet, lowest tier first. Each pays what its tier adds to the student's earlier vouchers of
    the programme — ``max(0, tier amount − amount already issued)`` and
    ``max(0, min(tier credits, credit ceiling) − credits already issued)`` — so reaching
    20 h then 50 h pays 20,000 then 30,000. Returns the vouchers this call issued; the PDFs
    and the e-mail follow in a task after commit. Safe to call any number of times at once:
    the student's account in the programme is locked while differences are computed, and
    the database holds one voucher per student and tier."""
    created: list[Voucher] = []
    user = None
    for participation in socialcredit.participations_of(user_id):
        programme = socialcredit.get_programme(participation.programme_id)
        if programme is None:
            continue
        reached = _reached(programme, participation.confirmed_minutes)
        if not reached:
            continue
        have = set(
            Voucher.objects.filter(
                user_id=user_id, tier_id__in=[tier.id for tier in reached]
            ).values_list("tier_id", flat=True)
        )
        if all(tier.id in have for tier in reached):
            continue
        user = user or accounts.get_user(user_id)
        if user is None:
            return created
        try:
            created += _issue_reached(
                user=user, participation=participation, programme=programme, reached=reached
            )
        except IntegrityError:
            # The one-voucher-per-tier constraint caught a concurrent issue that slipped past.
            continue
    return created


def voucher_context(voucher: Voucher) -> dict:
    """What the voucher's two documents show: the snapshot, the serial, the verification
    address and its QR code (the same public verification as certificates)."""
    url = verify_url(voucher.code)
    return {
        "voucher": voucher,
        "amount": voucher.amount,
        "currency": voucher.currency,
        "issued_on": timezone.localdate(voucher.created_at, timezone.get_default_timezone()),
        "verify_url": url,
        "verify_display": url.split("://", 1)[-1],
        "qr_svg": rendering.qr_svg(url),
    }


def _store_voucher_file(voucher: Voucher, *, kind: str) -> bool:
    field, digest_field = (
        ("pdf", "sha256")
        if kind == "voucher"
        else (
            "statement_pdf",
            "statement_sha256",
        )
    )
    data = rendering.render_voucher_pdf(
        kind=kind, context=voucher_context(voucher), language=voucher.language
    )
    digest = rendering.sha256(data)
    name = default_storage.save(
        f"vouchers/{voucher.year}/{voucher.number:06d}-{kind}-{secrets.token_hex(6)}.pdf",
        ContentFile(data),
    )
    stored = Voucher.objects.filter(pk=voucher.pk, **{digest_field: ""}).update(
        **{field: name, digest_field: digest}
    )
    if not stored:
        default_storage.delete(name)
    return bool(stored)


def voucher_render(*, voucher_id: int) -> bool:
    """Render and store the voucher's PDF and its academic-credit statement, each once.
    Returns whether this call stored anything (a concurrent or earlier call may have)."""
    voucher = Voucher.objects.filter(pk=voucher_id).first()
    if voucher is None or voucher.is_rendered:
        return False
    stored = False
    if not voucher.sha256:
        stored = _store_voucher_file(voucher, kind="voucher") or stored
    if not voucher.statement_sha256:
        stored = _store_voucher_file(voucher, kind="statement") or stored
    return stored


def voucher_announce(*, voucher_id: int) -> bool:
    """E-mail the student that their voucher is issued, in the voucher's language; once.
    The row stays locked while the mail goes and the sending is recorded only after it
    went, so a failed send is retried and never lost, and a second call sends nothing."""
    with transaction.atomic():
        voucher = (
            Voucher.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=voucher_id)
            .first()
        )
        if voucher is None or not voucher.is_rendered or voucher.notified_at is not None:
            return False
        with translation.override(voucher.language):
            context = {
                "voucher": voucher,
                "money": rendering.money(voucher.amount, voucher.currency),
                "verify_url": verify_url(voucher.code),
                "pdf_url": absolute_url("certificates:voucher_pdf", voucher.code),
                "statement_url": absolute_url("certificates:voucher_statement", voucher.code),
                "page_url": absolute_url("socialcredit:index"),
            }
        send_templated_mail(
            template="certificates/email/voucher_issued",
            context=context,
            to=voucher.user.email,
            language=voucher.language,
        )
        voucher.notified_at = timezone.now()
        voucher.save(update_fields=["notified_at"])
    return True


def _check_voucher_manager(*, actor, voucher: Voucher) -> None:
    if actor is None or not actor.is_authenticated:
        raise VoucherError(_("Sign in first."), "forbidden")
    if actor.pk == voucher.user_id:
        raise VoucherError(_("Nobody marks their own voucher paid."), "own")
    if not (
        actor.is_superuser or socialcredit.may_manage_programme(actor.pk, voucher.programme_id)
    ):
        raise VoucherError(
            _("Only a programme coordinator of the voucher's programme can do this."),
            "not_coordinator",
        )


def voucher_mark_paid(*, voucher_id: int, actor) -> Voucher:
    """A programme coordinator of the voucher's programme (or an administrator) records that
    the voucher was paid out; refused if it already was."""
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().filter(pk=voucher_id).first()
        if voucher is None:
            raise VoucherError(_("There is no such voucher."), "not_found")
        _check_voucher_manager(actor=actor, voucher=voucher)
        if voucher.status == Voucher.Status.PAID:
            raise VoucherError(
                _("Voucher %(serial)s is already marked paid.") % {"serial": voucher.serial},
                "already_paid",
            )
        voucher.status = Voucher.Status.PAID
        voucher.paid_at = timezone.now()
        voucher.paid_by = actor
        voucher.save(update_fields=["status", "paid_at", "paid_by"])
    return voucher


def vouchers_catch_up(*, today: date | None = None, limit: int = 500) -> dict[str, int]:
    """What lost tasks left undone (run daily by beat): vouchers due to students of recent
    programmes that have none (a broker that was down when hours were confirmed), PDFs not
    stored, e-mails not sent."""
    from .tasks import issue_vouchers, render_voucher

    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    participation_ids = socialcredit.participation_ids(ended_on_or_after=today - VOUCHER_RECENT)
    issued = set(
        Voucher.objects.filter(participation_id__in=participation_ids).values_list(
            "participation_id", "tier_id"
        )
    )
    programmes: dict[int, socialcredit.ProgrammeData | None] = {}
    due_users: list[int] = []
    for participation_id in participation_ids:
        if len(due_users) >= limit:
            break
        participation = socialcredit.get_participation(participation_id)
        if participation is None or participation.user_id in due_users:
            continue
        if participation.programme_id not in programmes:
            programmes[participation.programme_id] = socialcredit.get_programme(
                participation.programme_id
            )
        programme = programmes[participation.programme_id]
        if programme is None:
            continue
        if any(
            (participation.id, tier.id) not in issued
            for tier in _reached(programme, participation.confirmed_minutes)
        ):
            due_users.append(participation.user_id)
    for user_id in due_users:
        issue_vouchers.delay(user_id)
    grace = timezone.now() - RENDER_GRACE
    stale = list(
        Voucher.objects.filter(created_at__lt=grace)
        .filter(Q(sha256="") | Q(statement_sha256=""))
        .values_list("pk", flat=True)[:limit]
    )
    unannounced = list(
        Voucher.objects.exclude(sha256="")
        .exclude(statement_sha256="")
        .filter(notified_at__isnull=True, created_at__gte=timezone.now() - timedelta(days=30))
        .values_list("pk", flat=True)[:limit]
    )
    for voucher_id in {*stale, *unannounced}:
        render_voucher.delay(voucher_id)
    return {"issued": len(due_users), "rendered": len(stale), "announced": len(unannounced)}
