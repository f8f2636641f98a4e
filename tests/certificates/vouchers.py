"""Students earning social-credit vouchers through the real path (placement, shifts logged
and confirmed by the supervisor, the ledger's signal, the tasks), and the people who look at
them."""

from decimal import Decimal

from django.utils import timezone

from certificates.models import Voucher
from lms.accounts.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.socialcredit.factories import SHIFT_DAY, confirm, log_shift, placed_student

NAME = "Айгерім Сәрсенқызы Жұмабаева"
HOST = "Фонд «Добрые руки»"
SUPERVISOR = "Гүлнар Сейітқызы Ахметова"
DAY = 24 * 60


def student(*, name: str = NAME, language: str = "ru", **placement):
    """An accepted placement of a new student at a host named ``HOST`` (unless given)."""
    host = placement.pop("host", None) or OrganisationFactory(name=HOST)
    supervisor = placement.pop("supervisor", None)
    if supervisor is None:
        supervisor = MembershipFactory(
            organisation=host,
            role=Membership.Role.SUPERVISOR,
            user=UserFactory(full_name=SUPERVISOR),
        ).user
    return placed_student(
        user=placement.pop("user", None)
        or UserFactory(full_name=name, preferred_language=language),
        host=host,
        supervisor=supervisor,
        **placement,
    )


def log(placement, hours: float, *, date=SHIFT_DAY) -> list:
    """Shifts of at most a day each, adding up to ``hours``, waiting for confirmation."""
    minutes, entries = round(hours * 60), []
    while minutes > 0:
        chunk = min(minutes, DAY)
        entries.append(log_shift(placement, minutes=chunk, date=date))
        minutes -= chunk
    return entries


def earn(placement, hours: float, *, date=SHIFT_DAY) -> None:
    """Log and confirm ``hours`` of shifts, one shift confirmed at a time."""
    for entry in log(placement, hours, date=date):
        confirm(entry, placement)


def coordinator_of(programme):
    """A programme coordinator of the organisation that runs the programme."""
    return MembershipFactory(
        organisation=programme.organisation, role=Membership.Role.PROGRAMME_COORDINATOR
    ).user


def officer_of(university):
    """A social-credit officer of a university."""
    return MembershipFactory(organisation=university, role=Membership.Role.UNIVERSITY).user


def seed(placement, count: int, *, start: int = 0, **fields) -> None:
    """``count`` rendered vouchers of the placement's student, straight into the table (for
    pages at scale; the tier ids are made up and unique)."""
    participation = placement.participation
    programme = participation.programme
    year = timezone.localdate().year
    Voucher.objects.bulk_create(
        Voucher(
            serial=f"СК-{year}-{900000 + n:06d}",
            year=year,
            number=900000 + n,
            code=f"SEEDV{n:011d}",
            user=participation.user,
            participation_id=participation.pk,
            programme_id=programme.pk,
            tier_id=700000 + n,
            tier_hours=20,
            amount=Decimal(1000 + n),
            credits=1,
            currency=programme.currency,
            confirmed_minutes=20 * 60,
            recipient_name=participation.user.full_name,
            student_id=participation.student_id,
            university_id=participation.university_id,
            university_name=participation.university.name,
            programme_title=programme.title,
            issuer_name=programme.organisation.name,
            host_names=[placement.host.name],
            supervisor_names=[],
            period_start=programme.starts_on,
            period_end=programme.ends_on,
            language="ru",
            pdf="vouchers/x.pdf",
            sha256="0" * 64,
            statement_pdf="vouchers/y.pdf",
            statement_sha256="1" * 64,
            **fields,
        )
        for n in range(start, start + count)
    )
