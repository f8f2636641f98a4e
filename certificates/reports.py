"""Certificates and social-credit vouchers in the coordinators' reports (``reports`` slot of
:mod:`lms.extensions`): two sections, since certificates are cut by the course and audience
filters and vouchers are not.

Certificates issued in the period count (whatever their status now) in the region of their
cohort, or else the learner's region recorded on the certificate; the organisation filter
keeps the learners who hold a role there. One query.

Vouchers count when issued (created) and when paid in the period, in the region of the
student's university; the organisation filter keeps the vouchers of that university's
students and of the programmes it administers. Two queries.
"""

from decimal import Decimal

from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from courses import api as courses
from lms.accounts import api as accounts
from lms.reports import api as reports
from lms.socialcredit import api as socialcredit

from .models import Certificate, Voucher

CENTS = Decimal("0.01")


def _certificates(query: reports.ReportQuery) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(reports.during("issued_at", query)).annotate(
        region=Coalesce(
            courses.cohort_region(OuterRef("cohort_id")),
            F("region_id"),
            output_field=BigIntegerField(),
        )
    )
    if query.region_ids is not None:
        qs = qs.filter(region__in=query.region_ids)
    if query.organisation_id is not None:
        qs = qs.filter(user_id__in=accounts.member_ids(query.organisation_id))
    if query.course_id is not None:
        qs = qs.filter(course_id=query.course_id)
    if query.audience_id is not None:
        qs = qs.filter(course_id__in=courses.course_ids_for_audience(query.audience_id))
    return qs.order_by()


def section(query: reports.ReportQuery) -> reports.Section:
    """Certificates issued in the period, and those of them revoked since."""
    groups = list(
        _certificates(query)
        .values("region")
        .annotate(
            issued=Count("pk"),
            revoked=Count("pk", filter=Q(status=Certificate.Status.REVOKED)),
        )
    )
    return reports.Section(
        key="certificates",
        title=_("Certificates"),
        order=30,
        figures=(
            reports.Figure(
                "certificates_issued",
                _("Certificates issued"),
                sum(group["issued"] for group in groups),
            ),
            reports.Figure(
                "certificates_revoked",
                _("Of them revoked"),
                sum(group["revoked"] for group in groups),
                note=_("Certificates issued in the period that have been revoked since."),
            ),
        ),
        region_columns=(
            reports.RegionColumn(
                reports.Column("certificates_issued", _("Certificates issued")),
                {group["region"]: group["issued"] for group in groups},
            ),
        ),
    )


def _vouchers(query: reports.ReportQuery) -> QuerySet[Voucher]:
    issued, paid = _voucher_conditions(query)
    qs = Voucher.objects.filter(issued | paid).annotate(
        region=accounts.organisation_region(OuterRef("university_id"))
    )
    if query.region_ids is not None:
        qs = qs.filter(region__in=query.region_ids)
    if query.organisation_id is not None:
        # Its students' vouchers (as their university) and those of its programmes.
        qs = qs.filter(
            Q(university_id=query.organisation_id)
            | Q(programme_id__in=socialcredit.programme_ids_run_by(query.organisation_id))
        )
    return qs.order_by()


def _voucher_conditions(query: reports.ReportQuery) -> tuple[Q, Q]:
    issued = reports.during("created_at", query)
    paid = Q(status=Voucher.Status.PAID) & reports.during("paid_at", query)
    return issued, paid


def _money(value: Decimal | None) -> Decimal:
    return (value or Decimal(0)).quantize(CENTS)


def voucher_section(query: reports.ReportQuery) -> reports.Section:
    """Vouchers issued and paid in the period: counts, and amounts by currency."""
    issued, paid = _voucher_conditions(query)
    qs = _vouchers(query)
    by_region = list(
        qs.values("region").annotate(
            issued=Count("pk", filter=issued), paid=Count("pk", filter=paid)
        )
    )
    by_currency = list(
        qs.values("currency")
        .annotate(
            issued=Count("pk", filter=issued),
            issued_amount=Sum("amount", filter=issued),
            paid=Count("pk", filter=paid),
            paid_amount=Sum("amount", filter=paid),
            credits=Sum("credits", filter=issued),
        )
        .order_by("currency")
    )
    rows = tuple(
        (
            group["currency"],
            group["issued"],
            _money(group["issued_amount"]),
            group["paid"],
            _money(group["paid_amount"]),
            group["credits"] or 0,
        )
        for group in by_currency
    )
    return reports.Section(
        key="vouchers",
        title=_("Social-credit vouchers"),
        order=50,
        ignores=frozenset({reports.COURSE, reports.AUDIENCE}),
        note=(
            _("Vouchers of the organisation's students and of the programmes it administers.")
            if query.organisation_id is not None
            else ""
        ),
        figures=(
            reports.Figure("vouchers_issued", _("Vouchers issued"), sum(row[1] for row in rows)),
            reports.Figure("vouchers_paid", _("Vouchers paid"), sum(row[3] for row in rows)),
        ),
        region_columns=(
            reports.RegionColumn(
                reports.Column("vouchers_issued", _("Vouchers issued")),
                {group["region"]: group["issued"] for group in by_region if group["issued"]},
            ),
            reports.RegionColumn(
                reports.Column("vouchers_paid", _("Vouchers paid")),
                {group["region"]: group["paid"] for group in by_region if group["paid"]},
            ),
        ),
        tables=(
            reports.Table(
                key="vouchers",
                title=_("Vouchers by currency"),
                columns=(
                    reports.Column("currency", _("Currency"), reports.TEXT),
                    reports.Column("issued", _("Issued")),
                    reports.Column("issued_amount", _("Amount issued"), reports.MONEY),
                    reports.Column("paid", _("Paid")),
                    reports.Column("paid_amount", _("Amount paid"), reports.MONEY),
                    reports.Column("credits", _("Academic credits of the vouchers issued")),
                ),
                rows=rows,
                note=_("Issued: vouchers issued in the period; paid: vouchers paid in it."),
            ),
        ),
    )
