"""What each endpoint returns, on the small world of tests/reports/helpers.py."""

import datetime as dt

import pytest
from django.utils import timezone

from courses.models import Enrolment, LessonProgress
from tests.restapi.conftest import client_for, make_certificate, make_voucher

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- The catalog ------------------------------------------------------------------------------


def test_catalog_lists_live_courses_with_their_facts(world):
    rows = results(client_for().get("/api/v1/courses/"))
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {world.course.pk, world.kazakh_course.pk}
    row = by_id[world.course.pk]
    assert row["title"] == world.course.title
    assert row["summary"] == "Краткое описание курса"
    assert row["language"] == "ru"
    assert row["audiences"] == ["coordinators"]
    assert row["direction"] == "bilim"
    assert row["estimated_hours"] == 1.0
    assert row["url"].startswith("http") and row["url"].endswith(f"/{world.course.slug}/")
    assert by_id[world.kazakh_course.pk]["direction"] is None


def test_catalog_filters(world):
    client = client_for()
    assert [r["id"] for r in results(client.get("/api/v1/courses/?language=kk"))] == [
        world.kazakh_course.pk
    ]
    assert [r["id"] for r in results(client.get("/api/v1/courses/?audience=coordinators"))] == [
        world.course.pk
    ]
    assert [r["id"] for r in results(client.get("/api/v1/courses/?direction=bilim"))] == [
        world.course.pk
    ]
    assert results(client.get("/api/v1/courses/?direction=nothing")) == []
    assert client.get("/api/v1/courses/?language=xx").status_code == 400


def test_catalog_leaves_out_unpublished_courses(world):
    world.kazakh_course.unpublish()
    assert [r["id"] for r in results(client_for().get("/api/v1/courses/"))] == [world.course.pk]
    assert client_for().get(f"/api/v1/courses/{world.kazakh_course.pk}/").status_code == 404
    detail = client_for().get(f"/api/v1/courses/{world.course.pk}/")
    assert detail.json()["title"] == world.course.title


# --- A learner's own enrolments ---------------------------------------------------------------


def test_my_enrolments_show_only_mine_with_progress(world):
    learner = world.learner
    ongoing = Enrolment.objects.create(user=learner, course=world.course, source="self")
    first_lesson = world.course.get_descendants().live().first().specific
    LessonProgress.objects.create(enrolment=ongoing, lesson=first_lesson)
    done = Enrolment.objects.create(
        user=learner,
        course=world.kazakh_course,
        source="self",
        completed_at=timezone.now(),
    )
    rows = results(client_for(learner).get("/api/v1/me/enrolments/"))
    assert [row["id"] for row in rows] == [ongoing.pk, done.pk]
    assert rows[0]["course"] == {"id": world.course.pk, "title": world.course.title}
    assert (rows[0]["percent"], rows[0]["lessons_done"], rows[0]["lessons_needed"]) == (50, 1, 2)
    assert rows[0]["completed_at"] is None
    assert rows[1]["percent"] == 100 and rows[1]["completed_at"]
    # someone else sees none of these
    assert results(client_for(world.regional).get("/api/v1/me/enrolments/")) == []


def test_my_hours(world):
    person = world.hours_astana.user
    rows = results(client_for(person).get("/api/v1/me/hours/"))
    assert [r["id"] for r in rows] == [world.hours_waiting.pk, world.hours_astana.pk]
    assert rows[0]["status"] == "submitted"
    assert rows[1]["organisation"]["name"] == "НКО Астаны"
    confirmed = results(client_for(person).get("/api/v1/me/hours/?status=confirmed"))
    assert [r["id"] for r in confirmed] == [world.hours_astana.pk]


@pytest.mark.parametrize("url", ["/api/v1/me/enrolments/", "/api/v1/me/hours/"])
def test_my_lists_need_a_sign_in(world, url):
    assert client_for().get(url).status_code in (401, 403)


# --- Verification -----------------------------------------------------------------------------


def test_certificate_verification_by_code_and_serial(world):
    certificate = make_certificate(world.learner, valid_until=dt.date(2099, 1, 1))
    for key in ("CERTCODE1", "certcode1", "ВД-2026-000001"):
        body = client_for().get(f"/api/v1/certificates/{key}/").json()
        assert body["status"] == "valid", key
        assert body["recipient_initials"] == "А. Н."
        assert body["serial"] == certificate.serial
        assert body["course_title"] == "Основы координации"
        assert body["hours"] == 4.0
        assert body["valid_until"] == "2099-01-01"
    assert "Алия" not in client_for().get("/api/v1/certificates/CERTCODE1/").content.decode()


def test_certificate_verdicts_expired_revoked_unknown(world):
    make_certificate(world.learner, valid_until=dt.date(2020, 1, 1))
    make_certificate(
        world.learner,
        code="REVOKED1",
        serial="ВД-2026-000002",
        status="revoked",
        revoked_at=timezone.now(),
        revoked_reason="Ошибка",
    )
    client = client_for()
    assert client.get("/api/v1/certificates/CERTCODE1/").json()["status"] == "expired"
    revoked = client.get("/api/v1/certificates/REVOKED1/").json()
    assert revoked["status"] == "revoked" and revoked["revoked_on"]
    unknown = client.get("/api/v1/certificates/NOSUCHCODE/")
    assert unknown.status_code == 404 and unknown.json() == {"status": "unknown"}


def test_voucher_verification(world):
    make_voucher(world.learner)
    client = client_for()
    for key in ("VOUCHER1", "СК-2026-000007"):
        body = client.get(f"/api/v1/vouchers/{key}/").json()
        assert body["status"] == "valid"
        assert body["recipient_initials"] == "Д. К."
        assert body["programme_title"] == "Социальный кредит"
        assert body["period_start"] == "2026-09-01"
        assert "amount" not in body and "student_id" not in body
    assert client.get("/api/v1/vouchers/NOPE/").status_code == 404
    # a voucher is not a certificate, nor the other way round
    assert client.get("/api/v1/certificates/VOUCHER1/").status_code == 404


# --- Coordinators -----------------------------------------------------------------------------


def enrolment_ids(client, url="/api/v1/region/enrolments/"):
    return {row["id"] for row in results(client.get(url))}


def test_region_enrolments_scope(world):
    e = world.enrolments
    # Astana: e0, e1, e2 (e3 is an Astana learner in the Almaty cohort); Almaty: e3, e4;
    # Karelia: e5; no region: e6.
    assert enrolment_ids(client_for(world.regional)) == {e[0].pk, e[1].pk, e[2].pk}
    assert enrolment_ids(client_for(world.national)) == {x.pk for x in e[:5]}
    assert enrolment_ids(client_for(world.russian)) == {e[5].pk}
    assert enrolment_ids(client_for(world.admin)) == {x.pk for x in e}


def test_region_enrolment_fields(world):
    rows = results(client_for(world.national).get("/api/v1/region/enrolments/?region=KZ-75"))
    row = next(r for r in rows if r["id"] == world.enrolments[3].pk)
    assert row["region"] == "KZ-75"
    assert row["cohort"] == world.cohort_almaty.pk
    assert row["course"] == {"id": world.course.pk, "title": world.course.title}
    learner = world.enrolments[3].user
    assert row["learner"] == {"id": learner.pk, "full_name": learner.full_name}
    assert row["completed_at"].startswith("2026-03-11")


def test_region_enrolment_filters(world):
    e = world.enrolments
    client = client_for(world.national)
    url = "/api/v1/region/enrolments/"
    assert enrolment_ids(client, f"{url}?region=KZ-71") == {e[0].pk, e[1].pk, e[2].pk}
    # a region outside the scope gives nothing
    assert enrolment_ids(client, f"{url}?region=RU-KR") == set()
    assert enrolment_ids(client, f"{url}?completed=true") == {e[0].pk, e[1].pk, e[3].pk}
    assert enrolment_ids(client, f"{url}?completed=false") == {e[2].pk, e[4].pk}
    assert enrolment_ids(client, f"{url}?enrolled_after=2026-03-01&enrolled_before=2026-05-31") == {
        e[2].pk,
        e[3].pk,
    }
    assert enrolment_ids(client, f"{url}?course={world.course.pk}") == {x.pk for x in e[:5]}
    assert enrolment_ids(client, f"{url}?course={world.kazakh_course.pk}") == set()


def test_region_completions(world):
    e = world.enrolments
    client = client_for(world.admin)
    url = "/api/v1/region/completions/"
    rows = results(client.get(url))
    assert [r["id"] for r in rows] == [e[5].pk, e[1].pk, e[3].pk, e[0].pk]  # latest first
    assert enrolment_ids(client, f"{url}?completed_after=2026-03-05") == {
        e[1].pk,
        e[3].pk,
        e[5].pk,
    }
    assert enrolment_ids(client, f"{url}?completed_before=2026-03-31&region=KZ-71") == {e[0].pk}
    assert enrolment_ids(client_for(world.regional), url) == {e[0].pk, e[1].pk}


def test_region_hours(world):
    url = "/api/v1/region/hours/"
    rows = results(client_for(world.regional).get(url))
    assert [r["id"] for r in rows] == [world.hours_astana.pk]
    row = rows[0]
    assert row["region"] == "KZ-71"  # the organisation's region, not the person's
    assert row["minutes"] == 90 and row["date"] == "2026-03-01" and row["source"] == "event"
    assert row["person"] == {"id": world.hours_astana.user_id, "full_name": "Иван Петров"}
    assert row["organisation"]["name"] == "НКО Астаны"
    national = client_for(world.national)
    assert [r["id"] for r in results(national.get(url))] == [
        world.hours_almaty.pk,
        world.hours_astana.pk,
    ]
    assert [r["id"] for r in results(national.get(f"{url}?source=mentoring"))] == [
        world.hours_almaty.pk
    ]
    assert [r["region"] for r in results(national.get(f"{url}?region=KZ-75"))] == ["KZ-75"]
    assert results(national.get(f"{url}?date_after=2026-03-02&date_before=2026-03-31")) == []
    assert results(client_for(world.russian).get(url)) == []


def test_pagination(world):
    client = client_for(world.admin)
    page = client.get("/api/v1/region/enrolments/?page_size=3").json()
    assert page["count"] == 7 and len(page["results"]) == 3 and page["next"]
    second = client.get("/api/v1/region/enrolments/?page_size=3&page=3").json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert client.get("/api/v1/region/enrolments/?page=9").status_code == 404
    # at most 200 a page
    assert len(client.get("/api/v1/region/enrolments/?page_size=100000").json()["results"]) == 7
