"""Reads of certificates: verification, a learner's list, what a coordinator manages."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from courses import api as courses

from .models import Certificate, CertificateArchive, CertificateRevision
from .serials import parse_serial

VALID, EXPIRED, REVOKED, UNKNOWN = "valid", "expired", "revoked", "unknown"


@dataclass(frozen=True)
class Verification:
    status: str
    certificate: Certificate | None = None
    # Earlier revisions' hashes, so an older printed copy is recognised as superseded.
    superseded: tuple[CertificateRevision, ...] = ()

    @property
    def found(self) -> bool:
        return self.certificate is not None


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
    code = (code or "").strip().upper()
    certificate = Certificate.objects.filter(code=code).first() if len(code) <= 32 else None
    return _verification(certificate, today=today)


def verify_by_serial(text: str, *, today: date | None = None) -> Verification:
    serial = parse_serial(text)
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
        if serial:
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
