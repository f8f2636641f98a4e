"""Who may see the reports: programme coordinators (their regions), national front offices
(their country), administrators (everything); nobody else, on any page."""

import pytest
from django.urls import reverse

from lms.reports.models import ExportJob
from tests.factories import UserFactory
from tests.reports.helpers import YEAR

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "reports:dashboard", {}),
    ("get", "reports:exports", {}),
    ("post", "reports:export", {"kind": "table", "table": "regions", "format": "csv", **YEAR}),
    ("post", "reports:export", {"kind": "workbook", "format": "xlsx", **YEAR}),
    ("post", "reports:yearly", {"year": "2026"}),
]


@pytest.mark.parametrize(("method", "name", "data"), PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, method, name, data):
    response = getattr(client, method)(reverse(name), data)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize(("method", "name", "data"), PAGES)
@pytest.mark.parametrize("who", ["learner", "volunteer_coordinator"])
def test_people_without_the_role_are_refused(client, world, method, name, data, who):
    client.force_login(getattr(world, who))
    response = getattr(client, method)(reverse(name), data)
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("who", ["regional", "national", "russian", "admin"])
def test_coordinators_and_administrators_see_the_dashboard(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("reports:dashboard"), YEAR)
    assert response.status_code == 200
    assert "board" in response.context


def test_the_header_links_the_reports_for_those_who_may_see_them(client, world):
    url = reverse("reports:dashboard")
    client.force_login(world.regional)
    assert f'href="{url}"' in client.get("/").content.decode()
    client.force_login(world.learner)
    assert f'href="{url}"' not in client.get("/").content.decode()


def test_a_download_is_only_for_the_person_who_asked(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.regional)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:export"), {"kind": "workbook", "format": "xlsx", **YEAR})
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.READY
    url = reverse("reports:download", args=[job.pk])
    assert client.get(url).status_code == 200
    for other in (world.national, world.admin, world.russian, UserFactory()):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
