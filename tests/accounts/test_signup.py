"""Sign-up with e-mail verification, sign-in and its rate limit (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.accounts.forms import SignupForm
from lms.accounts.models import User
from tests.factories import PASSWORD, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, language: str = "ru") -> str:
    with translation.override(language):
        return reverse(name)


def _signup(client, language="ru", **overrides):
    data = {
        "full_name": "  Айгүл   Серікқызы ",
        "email": "Aigul@Example.org",
        "preferred_language": "kk",
        "region": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(_url("account_signup", language), data)


def test_signup_sends_verification_and_refuses_login_until_verified(client):
    region = RegionFactory(code="KZ-71", name_ru="Астана")
    response = _signup(client, region=str(region.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("account_email_verification_sent")

    user = User.objects.get()
    assert user.email == "aigul@example.org"
    assert user.full_name == "Айгүл Серікқызы"
    assert user.preferred_language == "kk"
    assert user.region == region
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session

    # The message goes out in the language the person chose, not the page's language (ru).
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aigul@example.org"]
    assert "растаңыз" in message.subject.lower() or "растау" in message.body.lower()
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)

    # Signing in before verifying only re-sends the verification page.
    client.post(_url("account_login"), {"login": "aigul@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session

    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    client.post("/" + path)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_requires_full_name(client):
    response = _signup(client, full_name="   ")
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_signup_with_a_taken_email_creates_nothing_and_reveals_nothing(client):
    """The page answers as for a new address (no account enumeration); the owner is told."""
    UserFactory(email="taken@example.org")
    response = _signup(client, email="TAKEN@example.org")
    assert response.status_code == 302
    assert response["Location"] == _url("account_email_verification_sent")
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["taken@example.org"]]


def test_signup_page_speaks_each_language(client):
    assert "Тіркелу" in client.get(_url("account_signup", "kk")).content.decode()
    assert "Регистрация" in client.get(_url("account_signup", "ru")).content.decode()
    assert "Sign Up" in client.get(_url("account_signup", "en")).content.decode()


def test_verified_user_signs_in_and_lands_on_their_language_home(client):
    user = UserFactory(preferred_language="en")
    response = client.post(_url("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _attempt in range(5):
        response = client.post(_url("account_login"), {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # After five failures even the right password is refused for a while.
    response = client.post(_url("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Слишком много" in response.content.decode()


def test_sign_in_rate_limit_is_per_account(client):
    locked, other = UserFactory(), UserFactory()
    for _attempt in range(5):
        client.post(_url("account_login"), {"login": locked.email, "password": "wrong"})
    client.post(_url("account_login"), {"login": other.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(other.pk)


@settings(max_examples=60, deadline=None)
@given(
    full_name=st.text(max_size=300),
    language=st.text(max_size=5),
    region=st.one_of(st.just(""), st.text(max_size=12)),
)
def test_signup_extra_fields_accept_or_explain_any_input(full_name, language, region):
    form = SignupForm(
        data={"full_name": full_name, "preferred_language": language, "region": region}
    )
    if form.is_valid():
        name = form.cleaned_data["full_name"]
        assert name == " ".join(name.split()) and name
        assert form.cleaned_data["preferred_language"] in {"ru", "kk", "en"}
    else:
        assert form.errors
        for messages in form.errors.values():
            assert all(str(message) for message in messages)


def test_password_reset_by_email(client):
    user = UserFactory(email="olga@example.org", preferred_language="en")
    response = client.post(_url("account_reset_password", "ru"), {"email": "OLGA@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Password Reset" in mail.outbox[0].subject  # in the person's language, not the page's
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    response = client.post(
        action, {"password1": "Новый-пароль-2026!", "password2": "Новый-пароль-2026!"}
    )
    assert response.status_code == 302
    client.logout()
    client.post(_url("account_login"), {"login": user.email, "password": "Новый-пароль-2026!"})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_out_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(_url("account_logout")).status_code == 200  # a confirmation page
    assert client.session.get("_auth_user_id") == str(user.pk)
    client.post(_url("account_logout"))
    assert "_auth_user_id" not in client.session
