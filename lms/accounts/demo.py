"""Demo regions, directions, organisations and people of each role, and a crowd of learners
spread over the regions for the reports' history (idempotent)."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from lms.demo import DemoAccount, DemoContext

from . import services
from .models import Direction, Membership, Organisation, Region, User

# Published demo credentials, printed by `load_demo`; never used outside the demo.
DEMO_PASSWORD = "vektor-demo-2026"  # noqa: S105
ADMIN_EMAIL = "admin@vektor.local"
ADMIN_PASSWORD = "vektor-admin-2026"  # noqa: S105

# code, country, time zone, Russian, Kazakh, English
REGIONS: list[tuple[str, str, str, str, str, str]] = [
    # Kazakhstan: 17 regions and the three cities of republican significance
    ("KZ-10", "KZ", "Asia/Almaty", "Абайская область", "Абай облысы", "Abai Region"),
    ("KZ-11", "KZ", "Asia/Almaty", "Акмолинская область", "Ақмола облысы", "Akmola Region"),
    ("KZ-15", "KZ", "Asia/Aqtobe", "Актюбинская область", "Ақтөбе облысы", "Aktobe Region"),
    ("KZ-19", "KZ", "Asia/Almaty", "Алматинская область", "Алматы облысы", "Almaty Region"),
    ("KZ-23", "KZ", "Asia/Atyrau", "Атырауская область", "Атырау облысы", "Atyrau Region"),
    (
        "KZ-27",
        "KZ",
        "Asia/Oral",
        "Западно-Казахстанская область",
        "Батыс Қазақстан облысы",
        "West Kazakhstan Region",
    ),
    ("KZ-31", "KZ", "Asia/Almaty", "Жамбылская область", "Жамбыл облысы", "Jambyl Region"),
    ("KZ-33", "KZ", "Asia/Almaty", "Жетысуская область", "Жетісу облысы", "Jetisu Region"),
    (
        "KZ-35",
        "KZ",
        "Asia/Almaty",
        "Карагандинская область",
        "Қарағанды облысы",
        "Karaganda Region",
    ),
    ("KZ-39", "KZ", "Asia/Qostanay", "Костанайская область", "Қостанай облысы", "Kostanay Region"),
    (
        "KZ-43",
        "KZ",
        "Asia/Qyzylorda",
        "Кызылординская область",
        "Қызылорда облысы",
        "Kyzylorda Region",
    ),
    ("KZ-47", "KZ", "Asia/Aqtau", "Мангистауская область", "Маңғыстау облысы", "Mangystau Region"),
    ("KZ-55", "KZ", "Asia/Almaty", "Павлодарская область", "Павлодар облысы", "Pavlodar Region"),
    (
        "KZ-59",
        "KZ",
        "Asia/Almaty",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
        "North Kazakhstan Region",
    ),
    ("KZ-61", "KZ", "Asia/Almaty", "Туркестанская область", "Түркістан облысы", "Turkistan Region"),
    ("KZ-62", "KZ", "Asia/Almaty", "Улытауская область", "Ұлытау облысы", "Ulytau Region"),
    (
        "KZ-63",
        "KZ",
        "Asia/Almaty",
        "Восточно-Казахстанская область",
        "Шығыс Қазақстан облысы",
        "East Kazakhstan Region",
    ),
    ("KZ-71", "KZ", "Asia/Almaty", "Астана", "Астана", "Astana"),
    ("KZ-75", "KZ", "Asia/Almaty", "Алматы", "Алматы", "Almaty"),
    ("KZ-79", "KZ", "Asia/Almaty", "Шымкент", "Шымкент", "Shymkent"),
    # Russian partner regions
    (
        "RU-KR",
        "RU",
        "Europe/Moscow",
        "Республика Карелия",
        "Карелия Республикасы",
        "Republic of Karelia",
    ),
    (
        "RU-KGD",
        "RU",
        "Europe/Kaliningrad",
        "Калининградская область",
        "Калининград облысы",
        "Kaliningrad Oblast",
    ),
    ("RU-SPE", "RU", "Europe/Moscow", "Санкт-Петербург", "Санкт-Петербург", "Saint Petersburg"),
    # Central Asian partners of the regional forums
    ("KG-GB", "KG", "Asia/Bishkek", "Бишкек", "Бішкек", "Bishkek"),
    ("TJ-DU", "TJ", "Asia/Dushanbe", "Душанбе", "Душанбе", "Dushanbe"),
    ("UZ-TK", "UZ", "Asia/Tashkent", "Ташкент", "Ташкент", "Tashkent"),
]

# Directions of volunteering: Kazakhstan's seven of the Year of the Volunteer (their Latin
# brand names kept in every language), then others in use.
# code, Russian, Kazakh, English
DIRECTIONS: list[tuple[str, str, str, str]] = [
    (
        "saylyq",
        "SAÝLYQ — здравоохранение и хосписы",
        "SAÝLYQ — денсаулық сақтау және хоспистер",
        "SAÝLYQ — health care and hospices",
    ),
    ("bilim", "BILIM — образование", "BILIM — білім беру", "BILIM — education"),
    (
        "sabaqtastyq",
        "SABAQTASTYQ — наставничество для детей-сирот",
        "SABAQTASTYQ — жетім балаларға тәлімгерлік",
        "SABAQTASTYQ — mentoring children in care",
    ),
    (
        "asyl-mura",
        "ASYL MURA — историко-культурное наследие",
        "ASYL MURA — тарихи-мәдени мұра",
        "ASYL MURA — heritage",
    ),
    ("taza-alem", "TAZA ÁLEM — экология", "TAZA ÁLEM — экология", "TAZA ÁLEM — environment"),
    (
        "qamqor",
        "QAMQOR — забота об уязвимых людях",
        "QAMQOR — әлеуметтік осал топтарға қамқорлық",
        "QAMQOR — care for vulnerable people",
    ),
    (
        "umit",
        "ÚMIT — поддержка в трудной жизненной ситуации",
        "ÚMIT — қиын өмірлік жағдайдағы адамдарға қолдау",
        "ÚMIT — support in hard life situations",
    ),
    ("silver", "Серебряное волонтёрство", "Күміс волонтерлік", "Silver volunteering"),
    (
        "corporate",
        "Корпоративное волонтёрство",
        "Корпоративтік волонтерлік",
        "Corporate volunteering",
    ),
    (
        "emergency",
        "Волонтёрство в чрезвычайных ситуациях",
        "Төтенше жағдайлардағы волонтерлік",
        "Emergency response volunteering",
    ),
    ("animals", "Защита животных", "Жануарларды қорғау", "Animal protection"),
]

NATIONAL_OFFICE = "Национальный фронт-офис волонтёров Казахстана"

# name, kind, region code
ORGANISATIONS: list[tuple[str, str, str]] = [
    ("Фронт-офис добровольчества города Астаны", Organisation.Kind.FRONT_OFFICE, "KZ-71"),
    ("Центр поддержки волонтёров «Жарқын»", Organisation.Kind.SUPPORT_CENTRE, "KZ-79"),
    ("АНО «Серебряный возраст»", Organisation.Kind.NGO, "RU-SPE"),
    (
        "ГБУ «Комплексный центр социального обслуживания населения Петрозаводска»",
        Organisation.Kind.SOCIAL_INSTITUTION,
        "RU-KR",
    ),
    ("Степной университет социальных наук", Organisation.Kind.UNIVERSITY, "KZ-71"),
    ("Детский дом «Мерей»", Organisation.Kind.CHILDRENS_HOME, "KZ-75"),
    ("Общественный фонд «Қамқор Алматы»", Organisation.Kind.NGO, "KZ-75"),
    ("Фронт-офис волонтёров Калининградской области", Organisation.Kind.FRONT_OFFICE, "RU-KGD"),
    (NATIONAL_OFFICE, Organisation.Kind.NATIONAL_OFFICE, "KZ-71"),
    # Regional volunteer support centres
    (
        "Центр поддержки волонтёров Карагандинской области",
        Organisation.Kind.SUPPORT_CENTRE,
        "KZ-35",
    ),
    ("Туркестанский областной центр волонтёров", Organisation.Kind.SUPPORT_CENTRE, "KZ-61"),
    ("Центр поддержки волонтёров Павлодара", Organisation.Kind.SUPPORT_CENTRE, "KZ-55"),
    ("Актюбинский центр добровольчества «Жігер»", Organisation.Kind.SUPPORT_CENTRE, "KZ-15"),
    (
        "Центр волонтёров Восточно-Казахстанской области",
        Organisation.Kind.SUPPORT_CENTRE,
        "KZ-63",
    ),
]

# e-mail, full name, language, region code, (organisation, role) or None, Wagtail group
PEOPLE: list[tuple[str, str, str, str, tuple[str, str] | None, str | None]] = [
    ("editor@vektor.local", "Ирина Соколова", "ru", "RU-SPE", None, "Editors"),
    (
        "programme@vektor.local",
        "Айгерим Нұрланқызы",
        "kk",
        "KZ-71",
        (ORGANISATIONS[0][0], Membership.Role.PROGRAMME_COORDINATOR),
        None,
    ),
    (
        "coordinator@vektor.local",
        "Мария Петрова",
        "ru",
        "RU-SPE",
        (ORGANISATIONS[2][0], Membership.Role.COORDINATOR),
        None,
    ),
    (
        "trainer@vektor.local",
        "Ерлан Сапаров",
        "kk",
        "KZ-79",
        (ORGANISATIONS[1][0], Membership.Role.TRAINER),
        None,
    ),
    (
        "supervisor@vektor.local",
        "Ольга Иванова",
        "ru",
        "RU-KR",
        (ORGANISATIONS[3][0], Membership.Role.SUPERVISOR),
        None,
    ),
    (
        "mentor@vektor.local",
        "Daniyar Abenov",
        "en",
        "KZ-75",
        (ORGANISATIONS[5][0], Membership.Role.MENTOR),
        None,
    ),
    (
        "host@vektor.local",
        "Гүлнар Сейітқали",
        "kk",
        "KZ-75",
        (ORGANISATIONS[6][0], Membership.Role.SUPERVISOR),
        None,
    ),
    (
        "university@vektor.local",
        "Жанна Ахметова",
        "ru",
        "KZ-71",
        (ORGANISATIONS[4][0], Membership.Role.UNIVERSITY),
        None,
    ),
    (
        "national@vektor.local",
        "Дана Жұмабекова",
        "ru",
        "KZ-71",
        (NATIONAL_OFFICE, Membership.Role.PROGRAMME_COORDINATOR),
        None,
    ),
    ("learner@vektor.local", "Галина Степановна Орлова", "ru", "RU-KGD", None, None),
    ("student@vektor.local", "Әсел Төлеген", "kk", "KZ-71", None, None),
]


# Learners who make the reports' history (their enrolments come with the courses demo): how
# many in each region (None: no region given), every region of Kazakhstan among them.
LEARNERS_DOMAIN = "learners.vektor.local"
LEARNER_REGIONS: list[tuple[str | None, int]] = [
    ("KZ-71", 7),
    ("KZ-75", 7),
    ("KZ-79", 5),
    ("KZ-35", 4),
    ("KZ-61", 4),
    ("KZ-55", 3),
    ("KZ-63", 3),
    ("KZ-15", 3),
    ("KZ-11", 2),
    ("KZ-19", 2),
    ("KZ-23", 2),
    ("KZ-31", 2),
    ("KZ-39", 2),
    ("KZ-43", 2),
    ("KZ-47", 2),
    ("KZ-10", 1),
    ("KZ-27", 1),
    ("KZ-33", 1),
    ("KZ-59", 1),
    ("KZ-62", 1),
    ("RU-SPE", 5),
    ("RU-KR", 4),
    ("RU-KGD", 4),
    ("KG-GB", 1),
    ("UZ-TK", 1),
    (None, 3),
]
# Regions where many speak Russian at home: more Russian names and Russian as the language.
RUSSIAN_SPOKEN = {"KZ-11", "KZ-35", "KZ-39", "KZ-55", "KZ-59", "KZ-63", "KZ-71", "KZ-75"}
KZ_WOMEN = ["Айгүл", "Динара", "Жанар", "Мадина", "Сәуле", "Гүлмира", "Назерке", "Аружан"]
KZ_WOMEN += ["Балжан", "Ләззат", "Ақмарал", "Меруерт"]
KZ_MEN = ["Нұрлан", "Асхат", "Бауыржан", "Дәулет", "Марат", "Серік", "Ержан", "Арман"]
KZ_MEN += ["Қайрат", "Ильяс", "Тимур", "Алмас"]
KZ_SURNAMES = ["Ахметов", "Жұмабеков", "Омаров", "Исаев", "Тоқтаров", "Сүлейменов", "Бекенов"]
KZ_SURNAMES += ["Нұрпейісов", "Мұратов", "Қасымов", "Серікбаев", "Байжанов", "Оспанов"]
RU_WOMEN = ["Анна", "Елена", "Ольга", "Татьяна", "Наталья", "Светлана", "Екатерина", "Юлия"]
RU_MEN = ["Андрей", "Сергей", "Дмитрий", "Алексей", "Игорь", "Павел", "Виктор"]
RU_SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Михайлов", "Новиков"]
RU_SURNAMES += ["Фёдоров", "Морозов", "Волков", "Лебедев", "Егоров"]
PARTNER_NAMES = {"KG-GB": "Айбек Токтогулов", "UZ-TK": "Дильноза Каримова"}
# Where a region's learners volunteer: every second one coordinates volunteers there. (Not
# at the organisations of the other demo stories: their coordinators would be sent the
# students' placement requests, see the hours waiting for confirmation…)
VOLUNTEER_ORGANISATIONS = {
    "KZ-79": ORGANISATIONS[1][0],
    "RU-SPE": ORGANISATIONS[2][0],
    "RU-KGD": ORGANISATIONS[7][0],
    "KZ-35": ORGANISATIONS[9][0],
    "KZ-61": ORGANISATIONS[10][0],
    "KZ-55": ORGANISATIONS[11][0],
    "KZ-15": ORGANISATIONS[12][0],
    "KZ-63": ORGANISATIONS[13][0],
}


def _learner_name(rng: random.Random, region_code: str | None) -> tuple[str, str]:
    """A made-up full name and preferred language for a learner of the region."""
    if region_code in PARTNER_NAMES:
        return PARTNER_NAMES[region_code], "ru"
    woman = rng.random() < 0.7  # most coordinators of volunteering are women
    kazakh = (
        region_code is not None
        and region_code.startswith("KZ-")
        and rng.random() < (0.6 if region_code in RUSSIAN_SPOKEN else 0.9)
    )
    if kazakh:
        first = rng.choice(KZ_WOMEN if woman else KZ_MEN)
        surname = rng.choice(KZ_SURNAMES) + ("а" if woman else "")
        language = "kk" if rng.random() < 0.7 else "ru"
    else:
        first = rng.choice(RU_WOMEN if woman else RU_MEN)
        surname = rng.choice(RU_SURNAMES) + ("а" if woman else "")
        language = "ru"
    return f"{first} {surname}", language


def learner_emails() -> list[str]:
    """The e-mail addresses of the history learners, in order."""
    count = sum(n for _code, n in LEARNER_REGIONS)
    return [f"volunteer{n:02d}@{LEARNERS_DOMAIN}" for n in range(1, count + 1)]


def _learners(ctx: DemoContext, regions: dict[str, Region], organisations: dict) -> None:
    """The history learners, created at once (no password: they never sign in), a year and a
    bit ago; every second one of a region with a volunteer organisation coordinates there."""
    rng = random.Random(2026)  # noqa: S311 (made-up people, the same every time)
    now = timezone.now()
    emails = iter(learner_emails())
    planned: list[tuple[User, str | None]] = []
    for code, count in LEARNER_REGIONS:
        for position in range(count):
            full_name, language = _learner_name(rng, code)
            joined = now - datetime.timedelta(days=rng.randint(370, 430), hours=rng.randint(0, 23))
            organisation = VOLUNTEER_ORGANISATIONS.get(code) if position % 2 == 0 else None
            user = User(
                email=next(emails),
                full_name=full_name,
                preferred_language=language,
                region=regions[code] if code else None,
                date_joined=joined,
                password=make_password(None),
            )
            planned.append((user, organisation))
    existing = set(
        User.objects.filter(email__endswith=f"@{LEARNERS_DOMAIN}").values_list("email", flat=True)
    )
    new = [(user, org) for user, org in planned if user.email not in existing]
    created = User.objects.bulk_create([user for user, _org in new])
    Membership.objects.bulk_create(
        [
            Membership(
                user=user,
                organisation=organisations[org],
                role=Membership.Role.COORDINATOR,
                created_at=user.date_joined,
            )
            for user, (_planned, org) in zip(created, new, strict=True)
            if org is not None
        ],
        ignore_conflicts=True,
    )
    ctx.log(f"{len(planned)} learners for the reports' history ({len(created)} new)")


def _verified(user: User) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def load(ctx: DemoContext) -> None:
    regions: dict[str, Region] = {}
    for code, country, tz, ru, kk, en in REGIONS:
        regions[code], _created = Region.objects.get_or_create(
            code=code,
            defaults={
                "country": country,
                "time_zone": tz,
                "name_ru": ru,
                "name_kk": kk,
                "name_en": en,
            },
        )
    ctx.log(f"{len(regions)} regions")

    for order, (code, ru, kk, en) in enumerate(DIRECTIONS, start=1):
        Direction.objects.get_or_create(
            code=code,
            defaults={"name_ru": ru, "name_kk": kk, "name_en": en, "sort_order": order * 10},
        )
    ctx.log(f"{len(DIRECTIONS)} directions")

    organisations: dict[str, Organisation] = {}
    for name, kind, region_code in ORGANISATIONS:
        organisations[name], _created = Organisation.objects.get_or_create(
            name=name, region=regions[region_code], defaults={"kind": kind}
        )
    ctx.log(f"{len(organisations)} organisations")

    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(
            ADMIN_EMAIL, ADMIN_PASSWORD, full_name="Администратор Вектора"
        )
    _verified(admin)
    ctx.accounts.append(DemoAccount("administrator", ADMIN_EMAIL, ADMIN_PASSWORD))

    for email, full_name, language, region_code, role, group in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                full_name=full_name,
                preferred_language=language,
                region=regions[region_code],
            )
        _verified(user)
        label = "student" if email.startswith("student@") else "learner"
        if role is not None:
            organisation_name, role_name = role
            services.membership_grant(
                user=user, organisation=organisations[organisation_name], role=role_name
            )
            label = str(role_name)
            if organisations[organisation_name].kind == Organisation.Kind.NATIONAL_OFFICE:
                label += ", national front office"
            elif role_name == Membership.Role.PROGRAMME_COORDINATOR:
                label += ", regional front office"
        if group is not None:
            user.groups.add(Group.objects.get(name=group))
            label = group.lower().rstrip("s")
        ctx.accounts.append(DemoAccount(label, email, DEMO_PASSWORD))
    ctx.log(f"{len(PEOPLE) + 1} people")

    _learners(ctx, regions, organisations)
