"""LTI 1.3 launches played from the partner platform's side with its own keys."""

import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.lti.models import GradeSync, Identity, ResourceLink
from courses.lti.selectors import course_id_from
from courses.models import Enrolment
from tests.courses import builders
from tests.factories import UserFactory

from .conftest import CLAIM_TARGET, do_launch, login_initiation, register, target
from .platform import AGS, CLAIM, PartnerPlatform, new_key

User = get_user_model()


def session_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_initiation_redirects_to_the_platform_with_state_and_nonce(
    client, partner, registered, course
):
    response, state, nonce = login_initiation(client, partner, course.pk)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == partner.auth_url
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["client_id"] == partner.client_id
    assert query["redirect_uri"].endswith("/lti/launch/")
    assert query["response_type"] == "id_token"
    assert query["response_mode"] == "form_post"
    assert query["scope"] == "openid"
    assert query["login_hint"] == "hint-1"
    assert state and nonce
    # The state is also in a short-lived cookie of the browser, bound to this login.
    assert any(state in name for name in response.cookies)


def test_valid_launch_signs_in_a_new_linked_user_enrols_and_opens_the_course(
    client, partner, registered, course
):
    users_before = User.objects.count()
    response, _token, _state = do_launch(client, partner, course.pk)

    assert response.status_code == 302
    assert response["Location"] == course.get_url()
    assert User.objects.count() == users_before + 1
    identity = Identity.objects.get(platform=registered, sub="learner-1")
    user = identity.user
    assert session_user_id(client) == str(user.pk)
    assert user.full_name == "Айгерим Сатпаева"
    assert user.preferred_language == "ru"
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    address = EmailAddress.objects.get(user=user)
    assert address.email == "aigerim@partner.example" and not address.verified
    assert Enrolment.objects.filter(user=user, course=course).exists()
    link = ResourceLink.objects.get(platform=registered, resource_link_id="link-1")
    assert link.course_id == course.pk
    assert link.lineitem_url == partner.lineitem(1)
    assert GradeSync.objects.get(identity=identity, resource_link=link).status == "waiting"

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert course.title in page.content.decode()


def test_second_launch_of_the_same_person_reuses_the_account(
    client, client_factory, partner, registered, course
):
    do_launch(client, partner, course.pk)
    other_browser = client_factory()
    response, _token, _state = do_launch(other_browser, partner, course.pk)
    assert response.status_code == 302
    assert Identity.objects.filter(platform=registered).count() == 1
    user = Identity.objects.get(platform=registered).user
    assert session_user_id(other_browser) == str(user.pk)
    assert Enrolment.objects.filter(user=user, course=course).count() == 1


def test_a_partner_claiming_an_existing_address_gets_a_new_account(
    client, partner, registered, course
):
    victim = UserFactory(email="aigerim@partner.example", is_staff=True)
    response, _token, _state = do_launch(client, partner, course.pk)
    assert response.status_code == 302
    user = Identity.objects.get(platform=registered).user
    assert user.pk != victim.pk
    assert session_user_id(client) == str(user.pk)
    assert user.email.endswith("@users.invalid")


def test_the_course_can_be_named_by_a_custom_parameter(client, partner, registered, course):
    response, _token, _state = do_launch(
        client,
        partner,
        course.pk,
        **{
            CLAIM_TARGET: "https://testserver/lti/launch/",
            CLAIM + "custom": {"course_id": str(course.pk)},
        },
    )
    assert response.status_code == 302
    assert response["Location"] == course.get_url()


def test_refused_enrolment_still_signs_in_and_shows_the_course_with_the_reason(
    client, partner, registered, site_tree
):
    first = builders.course(site_tree.home["ru"], lessons=1)
    second = builders.course(site_tree.home["ru"], lessons=1)
    second.prerequisites.add(first)
    second.save_revision().publish()
    response, _token, _state = do_launch(client, partner, second.pk)
    assert response.status_code == 302
    user = Identity.objects.get(platform=registered).user
    assert session_user_id(client) == str(user.pk)
    assert not Enrolment.objects.filter(user=user, course=second).exists()
    page = client.get(response["Location"])
    assert first.title in page.content.decode()


def _refused(response, client, users_before, caplog=None, reason=""):
    assert response.status_code in (400, 403)
    if caplog is not None:
        assert reason in caplog.text
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users_before
    assert not Identity.objects.exists()
    assert not ResourceLink.objects.exists()


def test_bad_signature_is_refused(client, partner, registered, course, caplog):
    users_before = User.objects.count()
    # Signed by another key that claims the platform's key id.
    forged = new_key("platform-key-1")
    response, _token, _state = do_launch(client, partner, course.pk, key=forged)
    _refused(response, client, users_before, caplog, "Signature verification failed")
    assert response.status_code == 403


def test_a_key_the_platform_does_not_publish_is_refused(
    client, partner, registered, course, caplog
):
    users_before = User.objects.count()
    response, _token, _state = do_launch(client, partner, course.pk, key=new_key("other"))
    _refused(response, client, users_before, caplog, "Unable to find public key")


def test_wrong_audience_is_refused(client, partner, registered, course, caplog):
    users_before = User.objects.count()
    response, _token, _state = do_launch(client, partner, course.pk, aud="another-tool")
    _refused(response, client, users_before, caplog, "Registration not found")


def test_audience_list_without_our_authorised_party_is_refused(
    client, partner, registered, course, caplog
):
    users_before = User.objects.count()
    response, _token, _state = do_launch(
        client, partner, course.pk, aud=[partner.client_id, "another-tool"], azp="another-tool"
    )
    _refused(response, client, users_before, caplog, "audience")


def test_replayed_nonce_is_refused(client, partner, registered, course, caplog):
    response, token, state = do_launch(client, partner, course.pk)
    assert response.status_code == 302
    client.logout()
    users = User.objects.count()
    replay = client.post("/lti/launch/", {"id_token": token, "state": state})
    assert replay.status_code == 403
    assert "replay" in caplog.text
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users


def test_expired_token_is_refused(client, partner, registered, course, caplog):
    users_before = User.objects.count()
    past = int(time.time()) - 3600
    response, _token, _state = do_launch(client, partner, course.pk, iat=past, exp=past + 60)
    _refused(response, client, users_before, caplog, "Signature has expired")


def test_token_without_expiry_is_refused(client, partner, registered, course, caplog):
    users_before = User.objects.count()
    _response, state, nonce = login_initiation(client, partner, course.pk)
    claims = partner.claims(nonce=nonce, **{CLAIM_TARGET: target(course.pk)})
    del claims["exp"]
    response = client.post("/lti/launch/", {"id_token": partner.sign(claims), "state": state})
    _refused(response, client, users_before, caplog, 'missing the "exp" claim')


def test_nonce_not_issued_by_us_is_refused(client, partner, registered, course, caplog):
    users_before = User.objects.count()
    _response, state, _nonce = login_initiation(client, partner, course.pk)
    claims = partner.claims(nonce="made-up", **{CLAIM_TARGET: target(course.pk)})
    response = client.post("/lti/launch/", {"id_token": partner.sign(claims), "state": state})
    _refused(response, client, users_before, caplog, "Invalid Nonce")


def test_state_of_another_browser_is_refused(client, client_factory, partner, registered, course):
    users_before = User.objects.count()
    _response, state, nonce = login_initiation(client, partner, course.pk)
    claims = partner.claims(nonce=nonce, **{CLAIM_TARGET: target(course.pk)})
    # The id_token is posted from a browser that never started this login (login CSRF).
    stranger = client_factory()
    response = stranger.post("/lti/launch/", {"id_token": partner.sign(claims), "state": state})
    assert response.status_code == 403
    assert User.objects.count() == users_before


def test_unknown_deployment_is_refused(client, partner, registered, course, caplog):
    users_before = User.objects.count()
    response, _token, _state = do_launch(
        client, partner, course.pk, **{CLAIM + "deployment_id": "unknown-deployment"}
    )
    _refused(response, client, users_before, caplog, "Unable to find deployment")


def test_unknown_issuer_is_refused_at_login_and_at_launch(
    client, partner, registered, course, caplog
):
    users_before = User.objects.count()
    response, state, _nonce = login_initiation(
        client, partner, course.pk, iss="https://stranger.example"
    )
    assert response.status_code == 400 and state is None
    response, _token, _state = do_launch(client, partner, course.pk, iss="https://stranger.example")
    _refused(response, client, users_before, caplog, "Registration not found")


def test_inactive_platform_is_refused(client, partner, registered, course):
    registered.is_active = False
    registered.save()
    response, _state, _nonce = login_initiation(client, partner, course.pk)
    assert response.status_code == 400


def test_deep_linking_request_is_refused_with_a_clear_page(client, partner, registered, course):
    users_before = User.objects.count()
    response, _token, _state = do_launch(
        client,
        partner,
        course.pk,
        **{
            CLAIM + "message_type": "LtiDeepLinkingRequest",
            "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                "deep_link_return_url": "https://lms.partner.example/dl",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["window"],
            },
        },
    )
    _refused(response, client, users_before)
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]


def test_a_link_to_no_published_course_is_refused(client, partner, registered, course):
    users_before = User.objects.count()
    response, _token, _state = do_launch(client, partner, 987654)
    _refused(response, client, users_before)
    assert response.status_code == 400


def test_keys_of_a_pasted_key_set_are_used(client, db, course):
    partner = PartnerPlatform()  # not started: no key set URL to fetch
    platform = register(partner, key_set=json.dumps(partner.public_jwks()))
    platform.key_set_url = ""
    platform.save()
    response, _token, _state = do_launch(client, partner, course.pk)
    assert response.status_code == 302


def test_platform_key_rotation_is_picked_up(client, partner, registered, course):
    do_launch(client, partner, course.pk)  # the key set is now cached
    partner.key = new_key("platform-key-2")
    client.logout()
    response, _token, _state = do_launch(client, partner, course.pk)
    assert response.status_code == 302


def test_target_link_course_page_redirects_to_the_course(client, course):
    response = client.get(f"/lti/courses/{course.pk}/")
    assert response.status_code == 302
    assert response["Location"] == course.get_url()
    assert client.get("/lti/courses/987654/").status_code == 404


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_course_id_round_trips_through_the_target_link_uri(course_id):
    assert course_id_from(f"https://vektor.example/lti/courses/{course_id}/") == course_id
    assert course_id_from("https://vektor.example/lti/launch/", {"course_id": str(course_id)}) == (
        course_id
    )


@given(st.text(), st.dictionaries(st.text(), st.text()))
def test_course_id_parsing_never_fails_on_free_input(uri, custom):
    result = course_id_from(uri, custom)
    assert result is None or (isinstance(result, int) and result > 0)


@pytest.mark.parametrize(
    "uri",
    [
        "https://vektor.example/lti/courses/12/extra/",
        "https://vektor.example/lti/courses/-1/",
        "https://vektor.example/lti/courses/0/",
        "https://vektor.example/lti/courses/abc/",
        "https://vektor.example/other/courses/12/",
        "http://[::1",
    ],
)
def test_course_id_is_not_guessed_from_other_paths(uri):
    assert course_id_from(uri) is None


def test_launch_over_https_carries_the_state_in_cross_site_cookies(
    client, partner, registered, course
):
    query = {
        "iss": partner.issuer,
        "login_hint": "hint-1",
        "target_link_uri": target(course.pk),
        "client_id": partner.client_id,
    }
    response = client.post("/lti/login/", query, secure=True)
    assert response.status_code == 302
    for cookie in response.cookies.values():
        assert cookie["samesite"] == "None" and cookie["secure"]
    values = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    claims = partner.claims(nonce=values["nonce"], **{CLAIM_TARGET: target(course.pk)})
    launch = client.post(
        "/lti/launch/", {"id_token": partner.sign(claims), "state": values["state"]}, secure=True
    )
    assert launch.status_code == 302
    assert session_user_id(client)


def test_launch_over_https_without_the_login_cookies_is_refused(
    client, client_factory, partner, registered, course
):
    query = {"iss": partner.issuer, "login_hint": "h", "client_id": partner.client_id}
    response = client.post("/lti/login/", query, secure=True)
    values = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    claims = partner.claims(nonce=values["nonce"], **{CLAIM_TARGET: target(course.pk)})
    stranger = client_factory()
    launch = stranger.post(
        "/lti/launch/", {"id_token": partner.sign(claims), "state": values["state"]}, secure=True
    )
    assert launch.status_code == 403
    assert not Identity.objects.exists()


def test_a_blocked_account_is_not_signed_in(client, client_factory, partner, registered, course):
    do_launch(client, partner, course.pk)
    user = Identity.objects.get().user
    Enrolment.objects.filter(user=user).delete()
    user.is_active = False
    user.save()
    browser = client_factory()
    response, _token, _state = do_launch(browser, partner, course.pk)
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
    assert not Enrolment.objects.filter(user=user).exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(id_token=st.text(max_size=300), state=st.text(max_size=60))
def test_garbage_posted_to_the_launch_url_is_refused(client, registered, id_token, state):
    response = client.post("/lti/launch/", {"id_token": id_token, "state": state})
    assert response.status_code == 403
    assert not Identity.objects.exists()


@pytest.mark.parametrize(
    "claims",
    [
        {CLAIM + "resource_link": "link-1"},
        {CLAIM + "resource_link": {"id": "x" * 300}},
        {"sub": "s" * 300},
        {"given_name": 5, "name": None, CLAIM + "launch_presentation": "ru"},
        {CLAIM + "custom": ["course_id"], AGS: "everything"},
        {CLAIM + "roles": None},
        {CLAIM + "version": "1.1"},
    ],
)
def test_signed_tokens_of_the_wrong_shape_are_refused_or_read_safely(
    client, partner, registered, course, claims
):
    response, _token, _state = do_launch(client, partner, course.pk, **claims)
    assert response.status_code in (302, 400, 403)
    if response.status_code != 302:
        assert not Identity.objects.exists()
