"""Demo regions, organisations and people of each role (idempotent)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from lms.demo import DemoAccount, DemoContext

from . import services
from .models import Membership, Organisation, Region, User

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
    ("learner@vektor.local", "Галина Степановна Орлова", "ru", "RU-KGD", None, None),
    ("student@vektor.local", "Әсел Төлеген", "kk", "KZ-71", None, None),
]


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
        if group is not None:
            user.groups.add(Group.objects.get(name=group))
            label = group.lower().rstrip("s")
        ctx.accounts.append(DemoAccount(label, email, DEMO_PASSWORD))
    ctx.log(f"{len(PEOPLE) + 1} people")
