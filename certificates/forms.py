from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .serials import parse_serial


class VerifyForm(forms.Form):
    serial = forms.CharField(
        label=_("Certificate number"),
        max_length=64,
        help_text=_("As printed on the certificate, e.g. ВД-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_serial(self) -> str:
        value = self.cleaned_data["serial"]
        if parse_serial(value) is None:
            raise forms.ValidationError(
                _("This is not a certificate number. It looks like ВД-2026-000123.")
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
