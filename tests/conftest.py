import os

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def pytest_configure(config):
    from django.conf import settings

    # Django's fast hasher for the passwords of the people tests make: the default one takes
    # ~0.4 s of CPU for each (the other hashers stay, so their hashes are still checked).
    _change_setting(
        "PASSWORD_HASHERS",
        ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS],
    )
    # Under pytest-xdist each worker has its own test database (pytest-django adds _gw0, _gw1
    # to its name) but all share the Redis cache of REDIS_URL: each worker gets its own key
    # prefix there, and a ``cache.clear()`` that deletes only that prefix.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    default = settings.CACHES["default"]
    if worker and default["BACKEND"] == REDIS_CACHE:
        _change_setting(
            "CACHES",
            {
                **settings.CACHES,
                "default": {
                    **default,
                    "BACKEND": "tests.cache.WorkerRedisCache",
                    "KEY_PREFIX": worker,
                },
            },
        )


def _change_setting(name: str, value) -> None:
    """Change a setting for the whole run, telling Django as override_settings does (it drops
    what it built from the old value: the list of password hashers, cache connections)."""
    from django.conf import settings
    from django.test.signals import setting_changed

    setattr(settings, name, value)
    setting_changed.send(sender=None, setting=name, value=value, enter=True)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Each test, and each fixture it sets up, starts with the language and time zone of a
    fresh process: a request through the test client activates the page's language (and the
    signed-in person's zone) in this thread, and nothing deactivates them afterwards, so a test
    after a request to /en/ would otherwise reverse URLs to /en/ and render in English."""
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media folder and an empty cache (allauth's rate limits live there)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db):
    from tests.sitetree import build_site

    return build_site()


@pytest.fixture
def pristine_db(transactional_db):
    """A committed database with the tree roots Wagtail's migrations make. Each transactional
    test empties every table when it ends (the content types and permissions come back by
    themselves), so the roots are put back here when they are missing."""
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="ru")
    if not Page.objects.exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture
def committed_site_tree(pristine_db):
    """The test site tree, committed, for tests whose work runs in other threads."""
    from tests.sitetree import build_site

    return build_site()


@pytest.fixture
def editor(client):
    """A person of the admin's Editors group, signed in on ``client``."""
    from tests.factories import UserFactory

    user = UserFactory(groups=["Editors"])
    client.force_login(user)
    return user
