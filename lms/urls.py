from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.accounts import views as account_views
from lms.pages import views as page_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The REST API: one URL whatever the language (it speaks JSON).
    path("api/", include("lms.restapi.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The apps' own pages, by dotted path so that the core imports no app: a removed app's
# pages simply go away.
APP_URLS = [
    ("courses", "learning/", "courses.urls"),
    ("certificates", "", "certificates.urls"),
    ("mentorship", "mentorship/", "mentorship.urls"),
]
app_patterns = [
    path(prefix, include(module)) for label, prefix, module in APP_URLS if apps.is_installed(label)
]

# Apps' endpoints other systems call at fixed addresses: no language prefix.
APP_FIXED_URLS = [
    ("courses.lti", "lti/", "courses.lti.urls"),
]
urlpatterns += [
    path(prefix, include(module))
    for app, prefix, module in APP_FIXED_URLS
    if apps.is_installed(app)
]

# Russian pages have no prefix; Kazakh and English ones live under /kk/ and /en/.
urlpatterns += i18n_patterns(
    path("accounts/profile/", account_views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("search/", page_views.search, name="search"),
    path("hours/", include("lms.hours.urls")),
    path("social-credit/", include("lms.socialcredit.urls")),
    path("reports/", include("lms.reports.urls")),
    *app_patterns,
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
