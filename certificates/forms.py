from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .serials import parse_serial


class VerifyForm(forms.Form):
    serial = forms.CharField(
        label=_("Certificate or voucher number"),
        max_length=64,
        help_text=_("As printed on the certificate or voucher, e.g. ВД-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_serial(self) -> str:
        value = self.cleaned_data["serial"]
        if parse_serial(value) is None:
            raise forms.ValidationError(
                _("This is not a certificate or voucher number. It looks like ВД-2026-000123.")
            )
        return value


def _one_line(value: str) -> str:
    return " ".join(value.split())


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is revoked."))
        return reason


class ReissueForm(forms.Form):
    recipient_name = forms.CharField(
        label=_("Full name on the certificate"),
        max_length=200,
        help_text=_("Correct the spelling here if it was wrong."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_recipient_name(self) -> str:
        name = _one_line(self.cleaned_data["recipient_name"])
        if not name:
            raise forms.ValidationError(_("Enter the full name."))
        return name

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is re-issued."))
        return reason


class CourseCertificateForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        templates = cleaned.get("templates") or []
        languages = [template.language for template in templates]
        if len(languages) != len(set(languages)):
            self.add_error("templates", _("Choose at most one template for each language."))
        course = cleaned.get("course")
        if course is not None and course.specific_class.__name__ != "CoursePage":
            self.add_error("course", _("Choose a course."))
        return cleaned


class VoucherFilterForm(forms.Form):
    """The filters of the vouchers list and its exports; choices are the reader's scope."""

    programme = forms.TypedChoiceField(
        label=_("Programme"), required=False, coerce=int, empty_value=None
    )
    university = forms.TypedChoiceField(
        label=_("University"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(
        label=_("Name, number or student ID"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )

    def __init__(self, *args, programmes=(), universities=(), statuses=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("All programmes")), *programmes]
        self.fields["university"].choices = [("", _("All universities")), *universities]
        self.fields["status"].choices = [("", _("Any status")), *statuses]

    def filters(self) -> dict:
        """The valid filters of a bound form (an invalid one is left out, not an error)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
