import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from certificates.models import Certificate, Voucher
from courses.models import Audience
from lms.accounts.models import Direction
from lms.hours.models import HoursEntry
from tests.courses import builders
from tests.factories import OrganisationFactory, UserFactory
from tests.reports.helpers import World


@pytest.fixture(autouse=True)
def _generous_rates(monkeypatch):
    """Throttling is tested on its own; elsewhere the rates never bite."""
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": "100000/min", "user": "100000/min", "verify": "100000/min"},
    )


@pytest.fixture
def world(site_tree):
    world = World(site_tree.home["ru"])
    world.audience = Audience.objects.get_or_create(code="coordinators")[0]
    world.direction = Direction.objects.get_or_create(code="bilim")[0]
    world.course.audiences.add(world.audience)
    world.course.direction = world.direction
    world.course.save()
    world.kazakh_course = builders.course(
        site_tree.home["ru"], lessons=1, language="kk", title="Қазақша курс"
    )
    # Hours: one confirmed at an Astana organisation by a Karelian person (counts in Astana),
    # one confirmed without an organisation by an Almaty person (counts in Almaty), one
    # waiting in Astana (not shown to coordinators).
    astana_ngo = OrganisationFactory(region=world.astana, name="НКО Астаны")
    karelian = UserFactory(region=world.karelia, full_name="Иван Петров")
    almaty_person = UserFactory(region=world.almaty, full_name="Айгерим Сапарова")
    world.hours_astana = HoursEntry.objects.create(
        user=karelian,
        organisation=astana_ngo,
        date=dt.date(2026, 3, 1),
        minutes=90,
        description="Смена",
        source="event",
        status="confirmed",
    )
    world.hours_almaty = HoursEntry.objects.create(
        user=almaty_person,
        date=dt.date(2026, 4, 1),
        minutes=60,
        description="Наставничество",
        source="mentoring",
        status="confirmed",
    )
    world.hours_waiting = HoursEntry.objects.create(
        user=karelian,
        organisation=astana_ngo,
        date=dt.date(2026, 5, 1),
        minutes=30,
        description="Ещё смена",
        source="event",
    )
    return world


def client_for(user=None, *, token: bool = False) -> APIClient:
    client = APIClient()
    if user is not None:
        if token:
            key = Token.objects.get_or_create(user=user)[0].key
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        else:
            client.force_authenticate(user)
    return client


def make_certificate(user, *, code="CERTCODE1", serial="ВД-2026-000001", **fields):
    defaults = {
        "serial": serial,
        "year": 2026,
        "number": int(serial.rsplit("-", 1)[1]),
        "code": code,
        "enrolment_id": 10_000 + int(serial.rsplit("-", 1)[1]),
        "course_id": 1,
        "user": user,
        "recipient_name": "Алия Нурланова",
        "course_title": "Основы координации",
        "hours": Decimal("4.0"),
        "completed_on": dt.date(2026, 3, 1),
        "issuer_name": "Вектор",
        "language": "ru",
    }
    defaults.update(fields)
    return Certificate.objects.create(**defaults)


def make_voucher(user, *, code="VOUCHER1", serial="СК-2026-000007"):
    return Voucher.objects.create(
        serial=serial,
        year=2026,
        number=7,
        code=code,
        user=user,
        participation_id=1,
        programme_id=1,
        tier_id=1,
        tier_hours=20,
        amount=Decimal("10000"),
        currency="KZT",
        confirmed_minutes=1200,
        recipient_name="Данияр Касымов",
        student_id="S1",
        university_id=1,
        university_name="Университет",
        programme_title="Социальный кредит",
        issuer_name="Фронт-офис",
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2027, 6, 30),
        language="ru",
    )
