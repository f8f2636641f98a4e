"""Template helpers of the public site's layout."""

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Locale, Page, Site

from lms.accounts.selectors import user_roles
from lms.i18n import active_language

register = template.Library()


def _home(request) -> Page | None:
    """The home page of the reader's language, looked up once per request."""
    language = active_language()
    cached = getattr(request, "_vektor_home", None)
    if cached is not None and cached[0] == language:
        return cached[1]
    site = Site.find_for_request(request)
    home = site.root_page.localized if site is not None else None
    request._vektor_home = (language, home)
    return home


def _language_home(code: str) -> str:
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One link per language: the same page in that language where it exists, else its home."""
    request = context["request"]
    page = context.get("page")
    current = active_language()
    links = []
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p.get_url(request)
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
        for code, name in settings.LANGUAGES:
            url = translations.get(code) or _language_home(code)
            links.append({"code": code, "name": name, "url": url, "current": code == current})
        return links
    for code, name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[Page]:
    """The pages of the reader's language marked "show in menus" under their home page."""
    request = context["request"]
    home = _home(request)
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().filter(locale=Locale.get_active()))


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    home = _home(context["request"])
    return home.url if home is not None else "/"


@register.simple_tag(takes_context=True)
def account_roles(context) -> frozenset[str]:
    """The signed-in person's roles anywhere, looked up once per request (one query for every
    role-dependent link of the header)."""
    request = context["request"]
    cached = getattr(request, "_vektor_roles", None)
    if cached is None:
        cached = frozenset(user_roles(user=request.user))
        request._vektor_roles = cached
    return cached
