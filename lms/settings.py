"""The one settings module of Вектор, configured from environment variables.

Every variable is documented in README.md. Without any of them the project runs on the
embedded default: SQLite in the project folder, Celery tasks eagerly in-process, a local-memory
cache and e-mail printed to the console.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = BASE_DIR / "site"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
# The fallback key is for development only; `manage.py check --deploy` flags it (security.W009).
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-vektor-development-key-only")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Вектор's own apps (the core first, so its templates and commands take precedence).
    "lms.accounts",
    "lms.pages",
    "lms.hours",
    "lms.socialcredit",
    "lms.reports",
    "lms.xapi",
    "lms.restapi",
    # Apps of the platform
    "courses",
    "courses.lti",
    "certificates",
    "mentorship",
    # Wagtail and its i18n
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.accounts.users_app.UsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The REST API and its OpenAPI schema; Swagger UI's files are served locally (sidecar)
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Accounts
    "allauth",
    "allauth.account",
    # Tasks
    "django_celery_beat",
    # Django
    "django_countries",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, eager tasks, tests) share one file: wait for a lock, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "lms.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lms.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Вектор] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's rate limits stay on (its defaults): 5 failed logins per account per 5 minutes and
# 10 per minute from one address, sign-ups and password resets per address.
ACCOUNT_RATE_LIMITS = {}

# --- Languages, time ----------------------------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", "Русский"),
    ("kk", "Қазақша"),
    ("en", "English"),
]
LOCALE_PATHS = [SITE_DIR / "locale", SITE_DIR / "locale" / "allauth"]
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media ------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Wagtail ----------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Вектор"
# The public address of the site: links in e-mails, QR codes and Open Badges use it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILDOCS_DOCUMENT_MODEL = "pages.Material"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail -----------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Вектор <noreply@vektor.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker every task runs eagerly in the calling process (the embedded default), and
# the in-memory transport keeps Celery from looking for a broker on localhost.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- xAPI -------------------------------------------------------------------------------------

# The LRS learning events are sent to, e.g. https://lrs.example.org/xAPI/ (statements go to
# {endpoint}statements). Empty: xAPI is off and no statement is recorded.
XAPI_LRS_ENDPOINT = env.str("XAPI_LRS_ENDPOINT", default="")
XAPI_LRS_USERNAME = env.str("XAPI_LRS_USERNAME", default="")
XAPI_LRS_PASSWORD = env.str("XAPI_LRS_PASSWORD", default="")
# context.platform of every statement.
XAPI_PLATFORM = env.str("XAPI_PLATFORM", default="Вектор")

# --- Content packages (SCORM, H5P) ---------------------------------------------------------

# Limits of an uploaded package: the archive, its unpacked files, and how many files.
PACKAGE_MAX_UPLOAD_BYTES = env.int("PACKAGE_MAX_UPLOAD_MB", default=200) * 1024 * 1024
PACKAGE_MAX_UNPACKED_BYTES = env.int("PACKAGE_MAX_UNPACKED_MB", default=500) * 1024 * 1024
PACKAGE_MAX_FILES = env.int("PACKAGE_MAX_FILES", default=5000)

# --- LTI 1.3 (courses.lti) -------------------------------------------------------------------

# Days a retired tool key stays in /lti/jwks/ after a rotation, for platforms that cached it.
LTI_KEY_OVERLAP_DAYS = env.int("LTI_KEY_OVERLAP_DAYS", default=7)
# Seconds between the login initiation and the launch (state, nonce and launch data live that
# long in the cache), and how long a platform's public key set is cached.
LTI_LAUNCH_LIFETIME = env.int("LTI_LAUNCH_LIFETIME", default=600)
LTI_PLATFORM_KEYS_CACHE_SECONDS = env.int("LTI_PLATFORM_KEYS_CACHE_SECONDS", default=3600)

# --- Reports ----------------------------------------------------------------------------------

# A dashboard table with more rows than this is exported by a Celery task (the person gets a
# download link); smaller ones download at once. The whole dashboard and the yearly summary
# are always built in the background.
REPORTS_INLINE_ROWS = env.int("REPORTS_INLINE_ROWS", default=2000)

# --- Security (production) --------------------------------------------------------------------

# One switch for a site served over HTTPS; each part can still be set on its own.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin frame; other sites still cannot frame us.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Chatty at INFO: font subsetting in every PDF, every search-index update.
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail.contrib.redirects": {"level": "WARNING"},
    },
}

# Certificates: serial numbers read ВД-2026-000123; the prefix and its Latin spelling.
CERTIFICATE_SERIAL_PREFIX = env.str("CERTIFICATE_SERIAL_PREFIX", default="ВД")
CERTIFICATE_SERIAL_PREFIX_LATIN = env.str("CERTIFICATE_SERIAL_PREFIX_LATIN", default="VD")
# Social-credit vouchers: СК-2026-000045, numbered by year apart from the certificates.
VOUCHER_SERIAL_PREFIX = env.str("VOUCHER_SERIAL_PREFIX", default="СК")
VOUCHER_SERIAL_PREFIX_LATIN = env.str("VOUCHER_SERIAL_PREFIX_LATIN", default="SK")

# --- REST API (lms.restapi) -------------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: an unauthenticated call is answered 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "lms.restapi.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        # certificate and voucher look-ups: codes must not be guessed by brute force
        "verify": env.str("API_THROTTLE_VERIFY", default="30/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "NUM_PROXIES": 1 if BEHIND_PROXY else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Вектор API",
    "DESCRIPTION": (
        "Read-only API of Вектор: the course catalog, a learner's enrolments and progress, "
        "certificate and voucher verification, and for programme coordinators (with an API "
        "token from /api/token/) their regions' enrolments, completions and confirmed hours."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["lms.restapi.schema.only_api_v1"],
}
