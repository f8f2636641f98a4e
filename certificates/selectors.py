"""Reads of certificates and vouchers: verification, a learner's list, what a coordinator
or a university manages."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from courses import api as courses
from lms.socialcredit import api as socialcredit

from .models import Certificate, CertificateArchive, CertificateRevision, Voucher
from .serials import parse_serial

VALID, EXPIRED, REVOKED, UNKNOWN = "valid", "expired", "revoked", "unknown"


@dataclass(frozen=True)
class Verification:
    status: str
    certificate: Certificate | None = None
    # Earlier revisions' hashes, so an older printed copy is recognised as superseded.
    superseded: tuple[CertificateRevision, ...] = ()
    # A social-credit voucher found instead (status VALID: it is genuine; paid or not is
    # the voucher's own status).
    voucher: Voucher | None = None

    @property
    def found(self) -> bool:
        return self.certificate is not None or self.voucher is not None


def status_of(certificate: Certificate, *, today: date | None = None) -> str:
    if certificate.status == Certificate.Status.REVOKED:
        return REVOKED
    today = today or timezone.localdate(timezone=timezone.get_default_timezone())
    if certificate.valid_until is not None and today > certificate.valid_until:
        return EXPIRED
    return VALID


def _verification(certificate: Certificate | None, *, today: date | None) -> Verification:
    if certificate is None:
        return Verification(status=UNKNOWN)
    return Verification(
        status=status_of(certificate, today=today),
        certificate=certificate,
        superseded=tuple(certificate.revisions.order_by("revision")),
    )


def verify_by_code(code: str, *, today: date | None = None) -> Verification:
    """The certificate or voucher with this code (the QR code's link)."""
    code = (code or "").strip().upper()
    if len(code) > 32:
        return Verification(status=UNKNOWN)
    certificate = Certificate.objects.filter(code=code).first()
    if certificate is None:
        voucher = Voucher.objects.filter(code=code).first()
        if voucher is not None:
            return Verification(status=VALID, voucher=voucher)
    return _verification(certificate, today=today)


def verify_by_serial(text: str, *, today: date | None = None) -> Verification:
    """The certificate or voucher with the number a person typed (its prefix tells which)."""
    serial = parse_serial(text)
    if serial is not None and serial.is_voucher:
        voucher = Voucher.objects.filter(year=serial.year, number=serial.number).first()
        return Verification(status=VALID if voucher else UNKNOWN, voucher=voucher)
    certificate = (
        Certificate.objects.filter(year=serial.year, number=serial.number).first()
        if serial
        else None
    )
    return _verification(certificate, today=today)


def user_certificates(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).order_by("-completed_on", "-pk")


def managed_certificates(*, user, query: str = "") -> QuerySet[Certificate]:
    scope = courses.managed_scope(user)
    qs = Certificate.objects.select_related("user")
    if not scope.everything:
        qs = qs.filter(
            Q(cohort_id__in=scope.cohort_ids)
            | Q(cohort_id__isnull=True, region_id__in=scope.region_ids)
        )
    query = query.strip()
    if query:
        serial = parse_serial(query)
        if serial and serial.is_voucher:
            qs = qs.none()
        elif serial:
            qs = qs.filter(year=serial.year, number=serial.number)
        else:
            qs = qs.filter(
                Q(recipient_name__icontains=query)
                | Q(course_title__icontains=query)
                | Q(user__email__iexact=query)
            )
    return qs.order_by("-issued_at", "-pk")


def can_manage(*, user, certificate: Certificate) -> bool:
    if not user.is_authenticated:
        return False
    return courses.managed_scope(user).covers(
        cohort_id=certificate.cohort_id, region_id=certificate.region_id
    )


def can_manage_any(*, user) -> bool:
    return user.is_authenticated and not courses.managed_scope(user).empty


def latest_archive(*, cohort_id: int, user) -> CertificateArchive | None:
    return CertificateArchive.objects.filter(cohort_id=cohort_id, requested_by=user).first()


# --- Social-credit vouchers ------------------------------------------------------------


@dataclass(frozen=True)
class VoucherScope:
    """Whose vouchers a person sees: their programmes' as a programme coordinator (and may
    mark paid), their universities' students' as a university officer; an administrator
    everything."""

    programme_ids: frozenset[int] = frozenset()
    university_ids: frozenset[int] = frozenset()
    everything: bool = False

    @property
    def empty(self) -> bool:
        return not (self.everything or self.programme_ids or self.university_ids)

    def manages(self, voucher: Voucher) -> bool:
        """May mark the voucher paid."""
        return self.everything or voucher.programme_id in self.programme_ids

    def covers(self, voucher: Voucher) -> bool:
        return self.manages(voucher) or voucher.university_id in self.university_ids

    def filter(self, qs: QuerySet[Voucher]) -> QuerySet[Voucher]:
        if self.everything:
            return qs
        if self.empty:
            return qs.none()
        return qs.filter(
            Q(programme_id__in=self.programme_ids) | Q(university_id__in=self.university_ids)
        )


def voucher_scope(*, user) -> VoucherScope:
    if not user.is_authenticated or not user.is_active:
        return VoucherScope()
    if user.is_superuser:
        return VoucherScope(everything=True)
    return VoucherScope(
        programme_ids=frozenset(socialcredit.managed_programme_ids(user.pk)),
        university_ids=frozenset(socialcredit.university_ids_of(user.pk)),
    )


def scoped_vouchers(
    *,
    scope: VoucherScope,
    programme_id: int | None = None,
    university_id: int | None = None,
    status: str = "",
    query: str = "",
) -> QuerySet[Voucher]:
    """The vouchers in a person's scope, filtered by programme, university, status and a
    search by name, serial or student ID; newest first."""
    qs = scope.filter(Voucher.objects.select_related("user"))
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if university_id:
        qs = qs.filter(university_id=university_id)
    if status:
        qs = qs.filter(status=status)
    query = " ".join((query or "").split())
    if query:
        serial = parse_serial(query)
        if serial is not None and serial.is_voucher:
            qs = qs.filter(year=serial.year, number=serial.number)
        elif serial is not None:
            qs = qs.none()
        else:
            qs = qs.filter(
                Q(recipient_name__icontains=query)
                | Q(student_id__iexact=query)
                | Q(serial__icontains=query)
            )
    return qs.order_by("-created_at", "-pk")


def voucher_totals(qs: QuerySet[Voucher]) -> list[dict]:
    """Per currency: how many vouchers, their amount, credits, and the amount paid out
    (one aggregate query)."""
    return list(
        qs.order_by()
        .values("currency")
        .annotate(
            count=Count("pk"),
            total=Sum("amount"),
            total_credits=Sum("credits"),
            total_paid=Sum("amount", filter=Q(status=Voucher.Status.PAID), default=0),
        )
        .order_by("currency")
    )


def voucher_choices(*, scope: VoucherScope) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The programmes and universities the scope's vouchers belong to, for the filters."""
    qs = scope.filter(Voucher.objects.all()).order_by()
    programmes = dict(
        qs.values_list("programme_id", "programme_title").distinct().order_by("programme_id")
    )
    universities = dict(
        qs.values_list("university_id", "university_name").distinct().order_by("university_id")
    )
    return (
        sorted(programmes.items(), key=lambda item: item[1]),
        sorted(universities.items(), key=lambda item: item[1]),
    )


def user_vouchers(*, user) -> QuerySet[Voucher]:
    return Voucher.objects.filter(user=user).order_by("-created_at", "-pk")


def may_download_voucher(*, user, voucher: Voucher, statement: bool = False) -> bool:
    """The student, the programme's coordinators and administrators; the academic-credit
    statement also the student's university's officers."""
    if not user.is_authenticated:
        return False
    if user.pk == voucher.user_id:
        return True
    scope = voucher_scope(user=user)
    if scope.manages(voucher):
        return True
    return statement and voucher.university_id in scope.university_ids
