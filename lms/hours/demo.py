"""Demo hours of the demo student (idempotent: each entry has its own ``source_ref``).

The student did social practice at the Petrozavodsk social-service centre, whose host
supervisor is ``supervisor@vektor.local``: three shifts confirmed, one rejected with a reason,
one waiting (the supervisor sees it under "Confirm hours"); and helped at an event of Astana's
front office, confirmed by its programme coordinator.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lms.accounts.demo import ORGANISATIONS
from lms.accounts.models import Organisation, User
from lms.demo import DemoContext

from . import services
from .models import HoursEntry

STUDENT = "student@vektor.local"
SUPERVISOR = "supervisor@vektor.local"
PROGRAMME = "programme@vektor.local"
KARELIA_CENTRE = ORGANISATIONS[3][0]
ASTANA_OFFICE = ORGANISATIONS[0][0]

# reference, organisation, days ago, minutes, description, who confirms, rejection reason
ENTRIES: list[tuple[str, str, int, int, str, str | None, str]] = [
    (
        "demo:practice-1",
        KARELIA_CENTRE,
        62,
        4 * 60,
        "Дневное отделение для пожилых: настольные игры и чтение вслух.",
        SUPERVISOR,
        "",
    ),
    (
        "demo:practice-2",
        KARELIA_CENTRE,
        48,
        3 * 60 + 30,
        "Помощь на выездной социальной службе: доставка продуктов трём подопечным.",
        SUPERVISOR,
        "",
    ),
    (
        "demo:practice-3",
        KARELIA_CENTRE,
        34,
        2 * 60 + 15,
        "Занятие для пожилых: видеозвонки и госуслуги со смартфона.",
        SUPERVISOR,
        "",
    ),
    (
        "demo:practice-4",
        KARELIA_CENTRE,
        20,
        2 * 60,
        "Разбор архива фотографий для выставки «Наш город».",
        None,
        "В этот день отделение было закрыто на карантин: проверьте дату и отправьте заново.",
    ),
    (
        "demo:practice-5",
        KARELIA_CENTRE,
        3,
        3 * 60,
        "Прогулка с подопечными в парке и помощь на обеде.",
        None,
        "",
    ),
]


def _event_day(today: datetime.date) -> datetime.date:
    """An event of the previous year, so that "My hours" shows two years."""
    return datetime.date(today.year - 1, 12, 5)


@transaction.atomic
def load(ctx: DemoContext) -> None:
    emails = [STUDENT, SUPERVISOR, PROGRAMME]
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[KARELIA_CENTRE, ASTANA_OFFICE])
    }
    if STUDENT not in people or len(organisations) < 2:
        ctx.log("hours: no demo student or organisations (load the accounts demo first)")
        return
    student = people[STUDENT]
    today = timezone.localdate()
    rows = [
        (ref, organisations[name], today - datetime.timedelta(days=ago), minutes, text, by, why)
        for ref, name, ago, minutes, text, by, why in ENTRIES
    ]
    rows.append(
        (
            "demo:event-1",
            organisations[ASTANA_OFFICE],
            _event_day(today),
            5 * 60,
            "Астана марафонының еріктілер штабы: қатысушыларды тіркеу және тамақтану пункті.",
            PROGRAMME,
            "",
        )
    )
    for ref, organisation, day, minutes, text, confirmer, reason in rows:
        by = people.get(confirmer) if confirmer else None
        entry = services.hours_record(
            user_id=student.pk,
            organisation_id=organisation.pk,
            date=day,
            minutes=minutes,
            description=text,
            source=(
                HoursEntry.Source.EVENT
                if ref.startswith("demo:event")
                else HoursEntry.Source.PRACTICE
            ),
            source_ref=ref,
            confirmed_by_id=by.pk if by else None,
        )
        if reason and entry.status == HoursEntry.Status.SUBMITTED and SUPERVISOR in people:
            services.hours_reject(entry_id=entry.pk, actor=people[SUPERVISOR], reason=reason)
    ctx.log(f"{len(rows)} hours entries of {STUDENT}")
