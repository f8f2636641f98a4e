"""Forms people fill in about themselves."""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Region, User


class RegionChoiceField(forms.ModelChoiceField):
    """Regions grouped by country, named in the reader's language."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("empty_label", _("— not chosen —"))
        super().__init__(**kwargs)

    def grouped_choices(self) -> list:
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for region in self.queryset:
            groups[str(region.country.name)].append((region.pk, region.name))
        choices: list = [("", self.empty_label)]
        for country in sorted(groups):
            choices.append((country, sorted(groups[country], key=lambda c: c[1])))
        return choices


def clean_full_name(value: str) -> str:
    """A full name with single spaces; blank is refused."""
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(_("Please enter your full name."))
    return name


def _with_grouped_regions(form: forms.BaseForm) -> None:
    field = form.fields["region"]
    field.widget.choices = field.grouped_choices()


class SignupForm(forms.Form):
    """The extra fields of allauth's sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    field_order = ["full_name", "email", "preferred_language", "region", "password1", "password2"]

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As it should appear on your certificates."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails and certificates"),
        choices=settings.LANGUAGES,
    )
    region = RegionChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from lms.i18n import active_language

        self.fields["preferred_language"].initial = active_language()
        _with_grouped_regions(self)

    def clean_full_name(self) -> str:
        return clean_full_name(self.cleaned_data["full_name"])

    def signup(self, request, user: User) -> None:
        services.user_profile_update(
            user=user,
            full_name=self.cleaned_data["full_name"],
            preferred_language=self.cleaned_data["preferred_language"],
            region=self.cleaned_data.get("region"),
        )


def time_zone_choices() -> list[tuple[str, str]]:
    zones = set(Region.objects.values_list("time_zone", flat=True)) | {settings.TIME_ZONE}
    return [("", _("As my region"))] + [(zone, zone.replace("_", " ")) for zone in sorted(zones)]


class ProfileForm(forms.ModelForm):
    region = RegionChoiceField(label=_("Region"), required=False)

    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "region", "time_zone"]
        labels = {"preferred_language": _("Language of e-mails and certificates")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices())
        _with_grouped_regions(self)

    def clean_full_name(self) -> str:
        return clean_full_name(self.cleaned_data["full_name"])

    def save(self, commit: bool = True) -> User:
        return services.user_profile_update(
            user=self.instance,
            full_name=self.cleaned_data["full_name"],
            preferred_language=self.cleaned_data["preferred_language"],
            region=self.cleaned_data.get("region"),
            time_zone=self.cleaned_data.get("time_zone", ""),
        )
