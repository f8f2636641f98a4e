"""Only people with an editorial role (a Wagtail group) or administrators enter /admin/."""

import pytest
from django.contrib.auth.models import Group

from lms.accounts.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _admin_status(client, user) -> int:
    if user is not None:
        client.force_login(user)
    return client.get("/admin/").status_code


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_person_without_a_role_is_refused(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/pages/").status_code == 302


@pytest.mark.parametrize("role", Membership.Role.values)
def test_programme_roles_alone_do_not_open_the_cms(client, role):
    membership = MembershipFactory(role=role)
    assert _admin_status(client, membership.user) == 302


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_editorial_groups_enter(client, group):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group))
    assert _admin_status(client, user) == 200


def test_superuser_enters_and_sees_people_screens(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Вектор</title>" in dashboard.content.decode()
    for url in [
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{admin.pk}/",
        "/admin/snippets/accounts/region/",
        "/admin/snippets/accounts/organisation/",
        "/admin/snippets/accounts/membership/",
        "/admin/documents/",
    ]:
        assert client.get(url).status_code == 200, url


def test_admin_login_with_password(client):
    UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    response = client.post(
        "/admin/login/",
        {"username": "root@example.org", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/accounts/organisation/",
        "/admin/snippets/accounts/membership/",
        "/admin/snippets/accounts/region/",
        "/admin/users/",
    ],
)
def test_people_admin_lists_do_not_grow_queries(client, url):
    from tests.factories import RegionFactory
    from tests.queries import queries_for

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    MembershipFactory.create_batch(5)
    RegionFactory.create_batch(5)
    small = queries_for(client, url)
    MembershipFactory.create_batch(15)
    RegionFactory.create_batch(15)
    assert queries_for(client, url) == small
