"""Demo of mentorship (idempotent): the «Наставники» programme of Astana's front office with
children's homes in Almaty. Its coordinator is ``programme@vektor.local``; the demo mentor
``mentor@vektor.local`` passed screening and the training course (the Russian basics course,
finished by the courses demo) and is matched with a child, with sessions, check-ins and an open
concern. Two more applicants wait in the pipeline; one more child waits for a mentor.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from lms.accounts import api as accounts
from lms.demo import DemoContext

from . import services
from .models import CheckIn, Match, Mentee, Mentor, MentoringProgramme, ScreeningCheck, Step

TITLE = "Наставники: дети из детских домов Алматы"
ORGANISATION = "Фронт-офис добровольчества города Астаны"
INSTITUTION = "Детский дом «Мерей»"
COORDINATOR = "programme@vektor.local"
MENTOR = "mentor@vektor.local"
TRAINING_COURSE_SLUG = "osnovy-dobrovolcheskoy-deyatelnosti"
DIRECTION = "sabaqtastyq"  # mentoring of children in care
APPLICANTS = [
    ("nastavnik.anna@example.kz", "Анна Ким", "Работаю учителем, хочу помогать подростку."),
    ("mentor.timur@example.kz", "Тимур Жаксылыков", "Был волонтёром в летнем лагере."),
]
# days ago, minutes, mode, activities, other, mood, note
SESSIONS = [
    (33, 90, "in_person", ["talk", "games"], "", 3, "Познакомились, играли в настольные игры."),
    (19, 120, "in_person", ["outing"], "Зоопарк", 5, "Гуляли по зоопарку, много смеялись."),
    (12, 60, "online", ["studies", "future"], "", 4, "Готовились к контрольной по математике."),
    (4, 90, "in_person", ["sport", "talk"], "", 2, "Был грустным, мало говорил."),
]


@transaction.atomic
def load(ctx: DemoContext) -> None:
    users = {
        user.email: user
        for user in get_user_model().objects.filter(email__in=[COORDINATOR, MENTOR])
    }
    organisation_id = accounts.organisation_id_by_name(ORGANISATION)
    institution_id = accounts.organisation_id_by_name(INSTITUTION)
    if len(users) < 2 or not organisation_id or not institution_id:
        ctx.log("mentorship: no demo people or organisations (load the accounts demo first)")
        return
    direction_id = next((d.id for d in accounts.directions() if d.code == DIRECTION), None)
    if MentoringProgramme.objects.filter(title=TITLE).exists():
        # A demo loaded before programmes had directions gets its direction.
        MentoringProgramme.objects.filter(title=TITLE, direction__isnull=True).update(
            direction_id=direction_id
        )
        ctx.log("mentorship: already loaded")
        return
    coordinator, mentor_user = users[COORDINATOR], users[MENTOR]
    course = Page.objects.filter(slug=TRAINING_COURSE_SLUG, locale__language_code="ru").first()
    programme = MentoringProgramme.objects.create(
        title=TITLE,
        organisation_id=organisation_id,
        description=(
            "Наставники — обученные добровольцы — встречаются с ребёнком из детского дома "
            "не реже двух раз в месяц в течение года."
        ),
        training_course=course,
        direction_id=direction_id,
    )
    region_model = MentoringProgramme._meta.get_field("regions").related_model
    programme.regions.add(*region_model.objects.filter(code__in=["KZ-75", "KZ-71"]))
    programme.save()  # ParentalManyToMany lists reach the database on save
    today = timezone.localdate()
    started_on = today - datetime.timedelta(days=40)

    mentor = services.mentor_apply(
        user=mentor_user,
        programme_id=programme.pk,
        motivation="Хочу быть взрослым другом для подростка и помочь ему с учёбой.",
        experience="Два года волонтёром в центре «Жарқын».",
        availability="Суббота, вечера среды",
        city="Алматы",
    )
    for step in Step.values:
        services.screening_record(
            mentor_id=mentor.pk,
            actor=coordinator,
            step=step,
            outcome=ScreeningCheck.Outcome.PASSED,
            done_on=today - datetime.timedelta(days=320 if step == Step.POLICE_RECORD else 60),
        )
    for email, name, motivation in APPLICANTS:
        person, created = get_user_model().objects.get_or_create(
            email=email, defaults={"full_name": name, "preferred_language": "ru"}
        )
        if created:
            person.set_unusable_password()
            person.save()
        applicant = services.mentor_apply(
            user=person, programme_id=programme.pk, motivation=motivation, city="Алматы"
        )
        if email == APPLICANTS[0][0]:
            services.screening_record(
                mentor_id=applicant.pk,
                actor=coordinator,
                step=Step.INTERVIEW,
                outcome=ScreeningCheck.Outcome.PASSED,
                done_on=today - datetime.timedelta(days=5),
            )

    mentee = services.mentee_create(
        programme_id=programme.pk,
        actor=coordinator,
        age_band=Mentee.AgeBand.FOURTEEN,
        institution_id=institution_id,
        interests="футбол, рисование, хочет стать поваром",
        coordinator_notes="Любит, когда заранее договариваются о встрече.",
    )
    services.mentee_create(
        programme_id=programme.pk,
        actor=coordinator,
        age_band=Mentee.AgeBand.TEN,
        institution_id=institution_id,
        interests="шахматы, книги",
    )
    match = services.match_propose(
        programme_id=programme.pk,
        actor=coordinator,
        mentor_id=mentor.pk,
        mentee_id=mentee.pk,
        note="Общие интересы: спорт; наставник живёт рядом с детским домом.",
        today=started_on,
    )
    services.match_start(
        match_id=match.pk,
        actor=coordinator,
        consent_by=Match.ConsentBy.INSTITUTION,
        consent_on=started_on,
        started_on=started_on,
        consent_note="Согласие директора детского дома, письмо от " + started_on.isoformat(),
        today=today,
    )
    # What happened before today happened then: the application, the child's record, the
    # proposal (the services stamp them now).
    Mentor.objects.filter(pk=mentor.pk).update(
        applied_at=timezone.now() - datetime.timedelta(days=75)
    )
    Mentee.objects.filter(pk=mentee.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=50)
    )
    Match.objects.filter(pk=match.pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=44)
    )
    for ago, minutes, mode, activities, other, mood, note in SESSIONS:
        services.session_log(
            match_id=match.pk,
            actor=mentor_user,
            date=today - datetime.timedelta(days=ago),
            minutes=minutes,
            mode=mode,
            activities=activities,
            activities_other=other,
            mood=mood,
            note=note,
            today=today,
        )
    for ago, side, channel in (
        (38, CheckIn.With.MENTOR, CheckIn.Channel.PHONE),
        (30, CheckIn.With.CHILD_SIDE, CheckIn.Channel.IN_PERSON),
        (25, CheckIn.With.MENTOR, CheckIn.Channel.VIDEO),
    ):
        services.checkin_record(
            match_id=match.pk,
            actor=coordinator,
            date=today - datetime.timedelta(days=ago),
            with_whom=side,
            channel=channel,
            today=today,
        )
    services.concern_raise(
        match_id=match.pk,
        actor=mentor_user,
        category="wellbeing",
        text="На последней встрече был подавлен, сказал, что его обижают старшие ребята.",
    )
    ctx.log(
        f"mentorship: {TITLE}: {Mentor.objects.filter(programme=programme).count()} mentors, "
        f"1 active match with {len(SESSIONS)} sessions and an open concern"
    )
