"""Wagtail's user administration, fitted to Вектор's user model (e-mail login, full name)."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import User

PROFILE_FIELDS = ["full_name", "preferred_language", "region", "time_zone"]


class AdminUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class AdminUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update: bool = False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
