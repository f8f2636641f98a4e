"""Certificates and vouchers in the REST API (``rest_routes`` slot): the public verification
of a code from a QR code or a serial number a person typed — the same verdict as the
``/verify/`` page, with the holder's initials only. Throttled per client address."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from lms.restapi.api import VerifyThrottle

from . import selectors
from .views import masked_name

VERDICTS = [selectors.VALID, selectors.EXPIRED, selectors.REVOKED, selectors.UNKNOWN]


class CertificateVerdictSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=VERDICTS)
    serial = serializers.CharField(required=False)
    revision = serializers.IntegerField(required=False)
    recipient_initials = serializers.CharField(required=False)
    course_title = serializers.CharField(required=False)
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, required=False
    )
    completed_on = serializers.DateField(required=False)
    valid_until = serializers.DateField(required=False, allow_null=True)
    issuer_name = serializers.CharField(required=False)
    revoked_on = serializers.DateField(required=False, allow_null=True)
    sha256 = serializers.CharField(required=False, allow_blank=True)


class VoucherVerdictSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[selectors.VALID, selectors.UNKNOWN])
    serial = serializers.CharField(required=False)
    recipient_initials = serializers.CharField(required=False)
    programme_title = serializers.CharField(required=False)
    issuer_name = serializers.CharField(required=False)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    issued_on = serializers.DateField(required=False)
    sha256 = serializers.CharField(required=False, allow_blank=True)


def _local_date(moment):
    return timezone.localdate(moment, timezone=timezone.get_default_timezone())


def _look_up(code: str) -> selectors.Verification:
    """By the code of a QR code's link, else by a typed serial number."""
    result = selectors.verify_by_code(code)
    if not result.found:
        result = selectors.verify_by_serial(code)
    return result


class _Verification(viewsets.ViewSet):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle, VerifyThrottle]
    lookup_field = "code"
    lookup_value_regex = "[^/]{1,64}"


class CertificateVerificationViewSet(_Verification):
    @extend_schema(
        summary="Check a certificate",
        description="By the code in its QR code's link or by its serial number.",
        responses={
            200: CertificateVerdictSerializer,
            404: OpenApiResponse(CertificateVerdictSerializer, description="No such certificate."),
        },
    )
    def retrieve(self, request, code: str = ""):
        certificate = _look_up(code).certificate
        if certificate is None:
            return Response({"status": selectors.UNKNOWN}, status=status.HTTP_404_NOT_FOUND)
        revoked = certificate.revoked_at if certificate.status == "revoked" else None
        verdict = {
            "status": selectors.status_of(certificate),
            "serial": certificate.serial,
            "revision": certificate.revision,
            "recipient_initials": masked_name(certificate.recipient_name),
            "course_title": certificate.course_title,
            "hours": certificate.hours,
            "completed_on": certificate.completed_on,
            "valid_until": certificate.valid_until,
            "issuer_name": certificate.issuer_name,
            "revoked_on": _local_date(revoked) if revoked else None,
            "sha256": certificate.sha256,
        }
        return Response(CertificateVerdictSerializer(verdict).data)


class VoucherVerificationViewSet(_Verification):
    @extend_schema(
        summary="Check a social-credit voucher",
        description="By the code in its QR code's link or by its serial number.",
        responses={
            200: VoucherVerdictSerializer,
            404: OpenApiResponse(VoucherVerdictSerializer, description="No such voucher."),
        },
    )
    def retrieve(self, request, code: str = ""):
        voucher = _look_up(code).voucher
        if voucher is None:
            return Response({"status": selectors.UNKNOWN}, status=status.HTTP_404_NOT_FOUND)
        verdict = {
            "status": selectors.VALID,
            "serial": voucher.serial,
            "recipient_initials": masked_name(voucher.recipient_name),
            "programme_title": voucher.programme_title,
            "issuer_name": voucher.issuer_name,
            "period_start": voucher.period_start,
            "period_end": voucher.period_end,
            "issued_on": _local_date(voucher.created_at),
            "sha256": voucher.sha256,
        }
        return Response(VoucherVerdictSerializer(verdict).data)


def routes(router) -> None:
    router.register("certificates", CertificateVerificationViewSet, basename="certificate")
    router.register("vouchers", VoucherVerificationViewSet, basename="voucher")
