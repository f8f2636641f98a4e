"""Installed in place of ``wagtail.users``: Wagtail's user admin with Вектор's user forms."""

from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "lms.accounts.admin_users.UserViewSet"
    verbose_name = _("Users")
