"""Demo of social credit (idempotent): a Kazakh programme year with the two usual tiers, the
demo student placed at an Almaty foundation whose supervisor ``host@vektor.local`` has
confirmed 24 hours (the first tier: a voucher, issued by ``certificates`` when it is
installed), rejected one shift and has one waiting, with feedback for the volunteer book; the
university's officer ``university@vektor.local`` sees the student.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lms.accounts.demo import ORGANISATIONS
from lms.accounts.models import Organisation, User
from lms.demo import DemoContext
from lms.hours import services as hours_services

from . import selectors, services
from .models import Participation, Placement, Programme, Tier

STUDENT = "student@vektor.local"
HOST_SUPERVISOR = "host@vektor.local"
ADMINISTRATOR = ORGANISATIONS[0][0]  # Astana's front office
UNIVERSITY = ORGANISATIONS[4][0]
HOSTS = [ORGANISATIONS[6][0], ORGANISATIONS[1][0]]  # Қамқор Алматы, «Жарқын»
TITLE = "Социальный студенческий кредит"

# days ago, minutes, description, decision ("confirm", "reject: <reason>" or "")
SHIFTS: list[tuple[int, int, str, str]] = [
    (45, 4 * 60, "Ярмарка вещей для многодетных семей: приём и сортировка.", "confirm"),
    (38, 4 * 60, "Кружок компьютерной грамотности для пожилых: почта и WhatsApp.", "confirm"),
    (31, 5 * 60, "Доставка продуктовых наборов подопечным фонда в Алатауском районе.", "confirm"),
    (24, 3 * 60, "Помощь на складе фонда: опись и упаковка.", "confirm"),
    (17, 4 * 60, "Чтение и настольные игры с детьми в центре дневного пребывания.", "confirm"),
    (13, 4 * 60, "Субботник во дворе дома ветеранов.", "confirm"),
    (
        10,
        6 * 60,
        "Городской забег: пункт воды.",
        "reject: Забег проводил другой организатор; внесите эти часы у него.",
    ),
    (3, 3 * 60, "Звонки подопечным: уточнение списка на новогодние подарки.", ""),
]


def programme_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The academic year around ``today``: 1 September to 31 August."""
    first = today.year if today.month >= 9 else today.year - 1
    return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)


@transaction.atomic
def load(ctx: DemoContext) -> None:
    people = {
        user.email: user for user in User.objects.filter(email__in=[STUDENT, HOST_SUPERVISOR])
    }
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[ADMINISTRATOR, UNIVERSITY, *HOSTS])
    }
    if len(people) < 2 or len(organisations) < 4:
        ctx.log("social credit: no demo people or organisations (load the accounts demo first)")
        return
    student, supervisor = people[STUDENT], people[HOST_SUPERVISOR]
    today = timezone.localdate()
    starts_on, ends_on = programme_year(today)
    title = f"{TITLE} {starts_on.year}/{ends_on.year}"
    programme, created = Programme.objects.get_or_create(
        title=title,
        defaults={
            "organisation": organisations[ADMINISTRATOR],
            "description": (
                "Социальная практика студентов в государственных учреждениях и волонтёрских "
                "организациях: до 70 часов в учебный год, подтверждённые часы дают ваучер и "
                "академические кредиты."
            ),
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    if created:
        Tier.objects.create(programme=programme, hours=20, amount=Decimal(20000), credits=2)
        Tier.objects.create(programme=programme, hours=50, amount=Decimal(50000), credits=5)
        programme.universities.add(organisations[UNIVERSITY])
        programme.hosts.add(*(organisations[name] for name in HOSTS))
        programme.save()  # ParentalManyToMany lists reach the database on save
    if Participation.objects.filter(user=student, programme=programme).exists():
        ctx.log(f"social credit: {title} already loaded")
        return
    placement = services.placement_apply(
        user=student,
        programme=programme,
        university=organisations[UNIVERSITY],
        student_id="СУ-2025-0417",
        host=organisations[HOSTS[0]],
        motivation="Хочу помогать семьям и пожилым людям; свободна по субботам и вечерам.",
        today=today,
    )
    services.placement_accept(
        placement_id=placement.pk,
        actor=supervisor,
        supervisor=supervisor,
        starts_on=max(starts_on, today - datetime.timedelta(days=60)),
    )
    for ago, minutes, text, decision in SHIFTS:
        entry = services.shift_log(
            placement_id=placement.pk,
            actor=student,
            date=max(starts_on, today - datetime.timedelta(days=ago)),
            minutes=minutes,
            description=text,
        )
        if decision == "confirm":
            hours_services.hours_confirm(entry_id=entry.id, actor=supervisor)
        elif decision.startswith("reject: "):
            hours_services.hours_reject(
                entry_id=entry.id, actor=supervisor, reason=decision.removeprefix("reject: ")
            )
    services.placement_feedback(
        placement_id=placement.pk,
        actor=supervisor,
        feedback=(
            "Әсел — ответственная и внимательная волонтёрка: приходит вовремя, сама находит "
            "общий язык с пожилыми подопечными, аккуратно ведёт списки. Рекомендуем к зачёту."
        ),
    )
    progress = selectors.progress(Placement.objects.get(pk=placement.pk).participation)
    ctx.log(f"social credit: {title}, {STUDENT} placed with {progress.confirmed // 60} h confirmed")
