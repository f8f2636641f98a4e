"""Certificates and social-credit vouchers in the coordinators' reports
(``certificates.reports.section`` and ``voucher_section``): every figure, region value and row
of hand-built worlds, the period's edges in the report's time zone, the region, organisation,
course and audience filters, the ignored filters and a fixed number of queries."""

import datetime
import itertools
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import translation

from certificates.models import Certificate, Voucher
from certificates.reports import section, voucher_section
from courses.models import Audience, Cohort
from lms.accounts.models import Organisation
from lms.reports.api import AUDIENCE, COURSE, MONEY, ReportQuery
from tests.courses import builders
from tests.factories import MembershipFactory, OrganisationFactory, RegionFactory, UserFactory

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
TODAY = datetime.date(2026, 11, 24)
OCT_1, OCT_31 = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
_numbers = itertools.count(1)


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment of 2026 in Almaty (the report's time zone)."""
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


def report(provider, **fields):
    return provider(ReportQuery(start=OCT_1, end=OCT_31, today=TODAY, **fields))


def figures(found) -> dict:
    return {figure.key: figure.value for figure in found.figures}


def columns(found) -> dict:
    return {column.column.key: column.values for column in found.region_columns}


# --- Certificates --------------------------------------------------------------------------


def certificate(user, course, issued_at, *, cohort=None, region=None, revoked=False):
    n = next(_numbers)
    return Certificate.objects.create(
        serial=f"ВК-2026-{n:06d}",
        year=2026,
        number=n,
        enrolment_id=n,
        course_id=course.pk,
        cohort_id=cohort.pk if cohort else None,
        user=user,
        region_id=region.pk if region else None,
        recipient_name=user.full_name,
        course_title=course.title,
        hours=Decimal("4.0"),
        completed_on=issued_at.date(),
        issuer_name="Вектор",
        language="ru",
        issued_at=issued_at,
        status=Certificate.Status.REVOKED if revoked else Certificate.Status.ISSUED,
        revoked_at=issued_at if revoked else None,
    )


@pytest.fixture
def certificates(site_tree):
    """Course c1 (for coordinators) with cohort k1 in r1; c2 (for volunteers) with cohort k2
    in r2. Organisation a has u1 and u2. The report covers October 2026 in Almaty."""
    r1, r2, r3 = RegionFactory(), RegionFactory(), RegionFactory()
    coordinators = Audience.objects.get(code="coordinators")
    volunteers = Audience.objects.get(code="volunteers")
    home = site_tree.home["ru"]
    c1 = builders.course(home, lessons=0, title="Основы добровольчества")
    c1.audiences.set([coordinators])
    c1.save()
    c2 = builders.course(home, lessons=0, title="Школа координатора")
    c2.audiences.set([volunteers])
    c2.save()
    k1, k2 = (
        Cohort.objects.create(
            course=course, title="Поток", region=region, starts_on=OCT_1, ends_on=OCT_31
        )
        for course, region in ((c1, r1), (c2, r2))
    )
    u1, u2, u3, u4 = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    a = OrganisationFactory(region=r1)
    MembershipFactory(organisation=a, user=u1)
    MembershipFactory(organisation=a, user=u2, role="supervisor")
    MembershipFactory(organisation=OrganisationFactory(region=r2), user=u3)
    # The cohort's region wins over the learner's.
    certificate(u1, c1, at(10, 1, 0, 0), cohort=k1, region=r3)
    # No cohort, no region: the last minute of the period.
    certificate(u2, c1, at(10, 31, 23, 59))
    # No cohort: the learner's region; revoked since.
    certificate(u3, c2, at(10, 15), region=r2, revoked=True)
    certificate(u4, c2, at(10, 20), cohort=k2, region=r3)
    # Not in the period: the last minute before it, the first after it (the same day in UTC
    # as the period's last), and a revoked one of September.
    certificate(u1, c2, at(9, 30, 23, 59), region=r1)
    certificate(u1, c1, at(11, 1, 0, 0), cohort=k1)
    certificate(u3, c1, at(9, 15), region=r2, revoked=True)
    return locals()


def test_certificates_every_figure_and_region(certificates):
    w = certificates
    found = report(section)
    with translation.override("en"):
        assert (found.key, str(found.title), found.order) == ("certificates", "Certificates", 30)
    assert found.ignores == frozenset()
    assert figures(found) == {"certificates_issued": 4, "certificates_revoked": 1}
    assert columns(found) == {"certificates_issued": {w["r1"].pk: 1, w["r2"].pk: 2, None: 1}}
    assert found.tables == () and found.matrices == ()


def test_certificates_regions(certificates):
    r1, r2, r3 = certificates["r1"], certificates["r2"], certificates["r3"]
    found = report(section, region_ids=frozenset({r2.pk}))
    assert figures(found) == {"certificates_issued": 2, "certificates_revoked": 1}
    assert columns(found) == {"certificates_issued": {r2.pk: 2}}
    every = report(section, region_ids=frozenset({r1.pk, r2.pk, r3.pk}))
    assert figures(every) == {"certificates_issued": 3, "certificates_revoked": 1}
    assert None not in columns(every)["certificates_issued"]
    assert figures(report(section, region_ids=frozenset({r3.pk})))["certificates_issued"] == 0
    assert figures(report(section, region_ids=frozenset())) == {
        "certificates_issued": 0,
        "certificates_revoked": 0,
    }


def test_certificates_organisation_course_and_audience(certificates):
    w = certificates
    found = report(section, organisation_id=w["a"].pk)  # u1 and u2, whatever their role
    assert figures(found) == {"certificates_issued": 2, "certificates_revoked": 0}
    assert columns(found) == {"certificates_issued": {w["r1"].pk: 1, None: 1}}
    assert figures(report(section, course_id=w["c2"].pk)) == {
        "certificates_issued": 2,
        "certificates_revoked": 1,
    }
    assert figures(report(section, audience_id=w["coordinators"].pk)) == {
        "certificates_issued": 2,
        "certificates_revoked": 0,
    }
    both = report(section, course_id=w["c1"].pk, audience_id=w["volunteers"].pk)
    assert figures(both)["certificates_issued"] == 0


def test_certificates_in_a_fixed_number_of_queries(certificates, django_assert_num_queries):
    w = certificates
    with django_assert_num_queries(1):
        report(section, organisation_id=w["a"].pk, audience_id=w["coordinators"].pk)
    for n in range(6):
        certificate(UserFactory(), w["c1"], at(10, 2 + n), cohort=w["k1"])
    with django_assert_num_queries(1):
        found = report(section, region_ids=frozenset({w["r1"].pk}), course_id=w["c1"].pk)
    assert figures(found)["certificates_issued"] == 7


# --- Vouchers ------------------------------------------------------------------------------


def voucher(
    university_id,
    created_at,
    amount,
    *,
    currency="KZT",
    credits=0,
    paid_at=None,
    programme_id=999_999,
):
    n = next(_numbers)
    return Voucher.objects.create(
        serial=f"СК-2026-{n:06d}",
        year=2026,
        number=n,
        user=UserFactory(),
        participation_id=n,
        programme_id=programme_id,
        tier_id=n,
        tier_hours=20,
        amount=Decimal(amount),
        credits=credits,
        currency=currency,
        confirmed_minutes=20 * 60,
        recipient_name="Студент",
        student_id=f"S{n}",
        university_id=university_id,
        university_name="Университет",
        programme_title="Социальный кредит",
        issuer_name="Фронт-офис",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 6, 30),
        language="ru",
        status=Voucher.Status.PAID if paid_at else Voucher.Status.ISSUED,
        paid_at=paid_at,
        created_at=created_at,
    )


@pytest.fixture
def vouchers(db):
    """Universities u1 (r1) and u2 (r2); a voucher of a university the platform no longer
    knows (no region). The report covers October 2026 in Almaty."""
    r1, r2 = RegionFactory(), RegionFactory()
    u1 = OrganisationFactory(region=r1, kind=Organisation.Kind.UNIVERSITY)
    u2 = OrganisationFactory(region=r2, kind=Organisation.Kind.UNIVERSITY)
    # Issued on the period's first minute, paid on its last.
    voucher(u1.pk, at(10, 1, 0, 0), "10000.00", credits=2, paid_at=at(10, 31, 23, 59))
    voucher(u1.pk, at(10, 10), "5000.50", credits=1)
    # Issued the minute before the period, paid in it.
    voucher(u2.pk, at(9, 30, 23, 59), "3000", currency="RUB", paid_at=at(10, 5))
    # Issued in the period, paid the first minute after it.
    voucher(u2.pk, at(10, 20), "7000", credits=3, paid_at=at(11, 1, 0, 0))
    # Issued the first minute after the period.
    voucher(u1.pk, at(11, 1, 0, 0), "999")
    voucher(987654321, at(10, 3), "100", currency="USD")
    return locals()


def test_vouchers_every_figure_region_and_row(vouchers):
    r1, r2 = vouchers["r1"], vouchers["r2"]
    found = report(voucher_section)
    with translation.override("en"):
        assert (found.key, str(found.title), found.order) == (
            "vouchers",
            "Social-credit vouchers",
            50,
        )
    assert found.note == ""
    assert figures(found) == {"vouchers_issued": 4, "vouchers_paid": 2}
    assert columns(found) == {
        "vouchers_issued": {r1.pk: 2, r2.pk: 1, None: 1},
        "vouchers_paid": {r1.pk: 1, r2.pk: 1},
    }
    (table,) = found.tables
    assert table.key == "vouchers"
    assert [(c.key, c.kind) for c in table.columns] == [
        ("currency", "text"),
        ("issued", "count"),
        ("issued_amount", MONEY),
        ("paid", "count"),
        ("paid_amount", MONEY),
        ("credits", "count"),
    ]
    assert table.rows == (
        ("KZT", 3, Decimal("22000.50"), 1, Decimal("10000.00"), 6),
        ("RUB", 0, Decimal("0.00"), 1, Decimal("3000.00"), 0),
        ("USD", 1, Decimal("100.00"), 0, Decimal("0.00"), 0),
    )


def test_vouchers_regions(vouchers):
    r1, r2 = vouchers["r1"], vouchers["r2"]
    found = report(voucher_section, region_ids=frozenset({r2.pk}))
    assert figures(found) == {"vouchers_issued": 1, "vouchers_paid": 1}
    assert columns(found) == {"vouchers_issued": {r2.pk: 1}, "vouchers_paid": {r2.pk: 1}}
    assert found.tables[0].rows == (
        ("KZT", 1, Decimal("7000.00"), 0, Decimal("0.00"), 3),
        ("RUB", 0, Decimal("0.00"), 1, Decimal("3000.00"), 0),
    )
    every = report(voucher_section, region_ids=frozenset({r1.pk, r2.pk}))
    assert figures(every) == {"vouchers_issued": 3, "vouchers_paid": 2}
    assert None not in columns(every)["vouchers_issued"]
    nothing = report(voucher_section, region_ids=frozenset())
    assert figures(nothing) == {"vouchers_issued": 0, "vouchers_paid": 0}
    assert nothing.tables[0].rows == ()


def test_vouchers_organisation_is_the_university(vouchers):
    found = report(voucher_section, organisation_id=vouchers["u1"].pk)
    assert figures(found) == {"vouchers_issued": 2, "vouchers_paid": 1}
    assert found.tables[0].rows == (("KZT", 2, Decimal("15000.50"), 1, Decimal("10000.00"), 3),)
    assert found.note


def test_vouchers_organisation_includes_the_programmes_it_runs(vouchers):
    from tests.socialcredit.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    office = programme.organisation
    voucher(vouchers["u2"].pk, at(10, 12), "20000", programme_id=programme.pk)
    voucher(vouchers["u2"].pk, at(10, 13), "500")  # another programme's
    found = report(voucher_section, organisation_id=office.pk)
    assert figures(found) == {"vouchers_issued": 1, "vouchers_paid": 0}
    assert found.tables[0].rows == (("KZT", 1, Decimal("20000.00"), 0, Decimal("0.00"), 0),)


def test_vouchers_ignore_course_and_audience(vouchers):
    found = report(voucher_section, course_id=55, audience_id=3)
    assert found.ignores == frozenset({COURSE, AUDIENCE})
    assert figures(found) == figures(report(voucher_section))


def test_vouchers_in_a_fixed_number_of_queries(vouchers, django_assert_num_queries):
    with django_assert_num_queries(2):
        report(voucher_section)
    for n in range(6):
        voucher(vouchers["u2"].pk, at(10, 2 + n), "10", currency=("KZT", "EUR")[n % 2])
    with django_assert_num_queries(2):
        found = report(voucher_section, region_ids=frozenset({vouchers["r2"].pk}))
    assert figures(found) == {"vouchers_issued": 7, "vouchers_paid": 1}
