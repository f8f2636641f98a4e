"""The project's shape and its configuration from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_site_folder_holds_no_python():
    """`site` can never be imported (the standard library's module wins), so no code goes there."""
    assert [str(p) for p in (ROOT / "site").rglob("*.py")] == []


CONFIG_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "ALLOWED_HOSTS",
    "HTTPS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _settings(env: dict[str, str], *names: str) -> dict:
    """Import the settings in a fresh interpreter with only ``env`` set, return chosen values."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    clean.update({"DJANGO_SETTINGS_MODULE": "lms.settings", **env})
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_services():
    values = _settings(
        {},
        "DATABASES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CACHES",
        "EMAIL_BACKEND",
        "DEBUG",
    )
    assert "sqlite3" in values["DATABASES"]
    assert str(ROOT / "db.sqlite3") in values["DATABASES"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "True"
    assert "LocMemCache" in values["CACHES"]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["DEBUG"] == "False"


def test_production_shape_from_environment():
    values = _settings(
        {
            "DATABASE_URL": "postgres://vektor:secret@db.internal:5432/vektor",
            "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
            "REDIS_URL": "redis://cache.internal:6379/1",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.internal:587",
            "ALLOWED_HOSTS": "vektor.example.org,www.vektor.example.org",
        },
        "DATABASES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CACHES",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_USE_TLS",
        "ALLOWED_HOSTS",
    )
    assert "postgresql" in values["DATABASES"] and "db.internal" in values["DATABASES"]
    assert values["CELERY_TASK_ALWAYS_EAGER"] == "False"
    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/0"
    assert "RedisCache" in values["CACHES"] and "cache.internal:6379/1" in values["CACHES"]
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "smtp.internal"
    assert values["EMAIL_USE_TLS"] == "True"
    assert values["ALLOWED_HOSTS"] == str(["vektor.example.org", "www.vektor.example.org"])


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "q8!v2-zP0mKk7rT_wL4nXc9yB1sJd6fH3gA5eUo8iR2tY7uN0bM-vC4xZ1aS6dF9",
    "ALLOWED_HOSTS": "vektor.example.org",
    "HTTPS": "1",
    "BEHIND_PROXY": "1",
}


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_development_key():
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env.update(PRODUCTION_ENV)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_collectstatic_resolves_every_stylesheet_url(settings, tmp_path):
    """Production's static storage (whitenoise's manifest) rewrites every ``url()`` of every
    stylesheet, and one it cannot resolve fails the deploy. The same rewriting, without the
    slow compression step."""
    from django.core.management import call_command

    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "fonts/fonts.css" in manifest["paths"]
    assert "vendor/h5p-standalone/styles/h5p.css" in manifest["paths"]


@pytest.mark.parametrize(
    "catalogue", ["ru", "kk", "en", "allauth/kk"], ids=lambda c: c.replace("/", "-")
)
def test_compiled_catalogues_match_their_sources(catalogue):
    """Every translation in a committed .po is in its committed .mo (compilemessages was run)."""
    po_path = ROOT / "site" / "locale" / catalogue / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(po_path))
    mo = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    translated = po.translated_entries()
    if catalogue != "en":
        assert len(translated) > 20
    for entry in translated:
        compiled = mo.get((entry.msgctxt, entry.msgid))
        assert compiled is not None, f"{entry.msgid!r} is not compiled"
        assert compiled.msgstr == entry.msgstr and compiled.msgstr_plural == entry.msgstr_plural
