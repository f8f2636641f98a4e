"""How allauth fits Вектор: redirects and e-mails in each person's own language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation


def home_url(language: str) -> str:
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        language = getattr(request.user, "preferred_language", "") or settings.LANGUAGE_CODE
        return home_url(language)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write to a person in the language they chose, whatever the page they were on."""
        user = get_user_model().objects.filter(email__iexact=email).first()
        language = user.preferred_language if user else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
