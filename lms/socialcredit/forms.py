"""Forms of social credit: applying, answering an application, logging a shift, feedback."""

import itertools

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.hours.forms import ActivityForm
from lms.web import DateInput

from . import services
from .models import Placement, Programme

# Which field shows a refusal of a service.
ERROR_FIELDS = {
    "student_id": "student_id",
    "university": "university",
    "university_fixed": "university",
    "host": "host",
    "duplicate": "host",
    "motivation_too_long": "motivation",
    "supervisor": "supervisor",
    "starts_on": "starts_on",
    "reason": "reason",
    "reason_too_long": "reason",
    "feedback": "feedback",
    "feedback_too_long": "feedback",
    "date": "date",
    "future": "date",
    "duration": "hours",
    "too_long": "hours",
    "cap": "hours",
    "description": "description",
    "description_too_long": "description",
}


def show_error(form: forms.Form, error: services.SocialCreditError) -> None:
    field = ERROR_FIELDS.get(error.code)
    form.add_error(field if field in form.fields else None, error.message)


class ApplyForm(forms.Form):
    university = forms.ModelChoiceField(
        label=_("Your university"), queryset=None, empty_label=_("— choose —")
    )
    student_id = forms.CharField(
        label=_("Student ID"),
        max_length=services.STUDENT_ID_MAX_LENGTH,
        help_text=_("As on your student card: your university confirms it."),
    )
    host = forms.ModelChoiceField(
        label=_("Host organisation"),
        queryset=None,
        empty_label=_("— choose —"),
        help_text=_("Where you want to do your practice. A supervisor there confirms your hours."),
    )
    motivation = forms.CharField(
        label=_("Why this organisation"),
        required=False,
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: what you would like to do and when you are free."),
    )

    def __init__(self, *args, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["university"].queryset = programme.universities.filter(is_active=True).order_by(
            "name"
        )
        self.fields["host"].queryset = programme.hosts.filter(is_active=True).order_by("name")


class AcceptForm(forms.Form):
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        queryset=None,
        empty_label=None,
        help_text=_("Confirms the student's hours and gives feedback on their work."),
    )
    starts_on = forms.DateField(label=_("Practice from"), required=False, widget=DateInput())

    def __init__(self, *args, placement: Placement, actor, **kwargs) -> None:
        from . import selectors

        super().__init__(*args, **kwargs)
        field = self.fields["supervisor"]
        field.queryset = selectors.host_supervisors(host_id=placement.host_id).exclude(
            pk=placement.participation.user_id
        )
        field.label_from_instance = lambda user: user.full_name or user.email
        if actor.pk in field.queryset.values_list("pk", flat=True):
            self.initial.setdefault("supervisor", actor.pk)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The student receives it by e-mail."),
    )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback on the student's work"),
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown in the student's volunteer book."),
    )


class ShiftForm(ActivityForm):
    """A practice shift at a placement (the cap and the dates are the service's to check)."""

    def clean(self) -> dict:
        data = super().clean()
        if data.get("total_minutes") == 0:
            self.add_error("hours", _("Enter how long the shift took."))
        return data


class ProgrammeAdminForm(WagtailAdminModelForm):
    """The admin's programme form: the period in order, tiers rising in hours and in what they
    pay (a tier's amount and credits are totals), within the cap."""

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day comes after the first."))
        cap = cleaned.get("hour_cap")
        tiers = [
            form.cleaned_data
            for form in self.formsets["tiers"].forms
            if form.is_valid()
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("hours")
        ]
        tiers.sort(key=lambda tier: tier["hours"])
        hours = [tier["hours"] for tier in tiers]
        if len(hours) != len(set(hours)):
            raise forms.ValidationError(_("Two tiers cannot have the same hours."))
        if cap and hours and hours[-1] > cap:
            self.add_error("hour_cap", _("A tier cannot ask for more hours than the cap."))
        for lower, higher in itertools.pairwise(tiers):
            if higher["amount"] < lower["amount"] or higher["credits"] < lower["credits"]:
                raise forms.ValidationError(
                    _(
                        "A higher tier pays at least as much as a lower one: amounts and "
                        "credits are totals for the year."
                    )
                )
        return cleaned
