"""Forms of people who apply to mentor and of mentors: the application, a session log and a
concern. They check the shape of input; the services check the rules (dates, durations,
who may log)."""

from datetime import date as Date

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.web import DateInput

from .. import services
from ..models import ACTIVITIES, MOODS, Concern, Session

# Which field shows a refusal of a service; other codes go to the field named like the code,
# else to the form as a whole (see ``show_error``). The ledger's refusals ("hours") concern
# the whole session.
WHOLE_FORM = "__all__"
SESSION_ERROR_FIELDS = {"hours": WHOLE_FORM}
CONCERN_ERROR_FIELDS = {
    "concern_category": "category",
    "concern_text": "text",
    "concern_text_too_long": "text",
}

MAX_HOURS = services.MAX_SESSION_MINUTES // 60


class ApplyForm(forms.Form):
    """A person's application to mentor in a programme."""

    motivation = forms.CharField(
        label=_("Why you want to be a mentor"),
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences are enough. The programme's coordinators read it."),
    )
    experience = forms.CharField(
        label=_("Experience with children or volunteering"),
        required=False,
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    availability = forms.CharField(
        label=_("When you can meet"),
        required=False,
        max_length=200,
        help_text=_("For example: weekends, or weekday evenings after 18:00."),
    )
    city = forms.CharField(label=_("City or town"), max_length=100)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Optional: the coordinator may call you to arrange the interview."),
    )


class SessionForm(forms.Form):
    """A meeting the mentor logs: when, how long, where, what they did, the child's mood,
    notes, and optionally a concern."""

    date = forms.DateField(label=_("Date of the meeting"), widget=DateInput())
    hours = forms.IntegerField(
        label=_("Hours"),
        min_value=0,
        max_value=MAX_HOURS,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=0,
        max_value=services.MAX_SESSION_MINUTES,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    mode = forms.ChoiceField(
        label=_("Where you met"), choices=Session.Mode.choices, widget=forms.RadioSelect
    )
    activities = forms.MultipleChoiceField(
        label=_("What you did together"),
        choices=ACTIVITIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activities_other = forms.CharField(
        label=_("Something else"),
        required=False,
        max_length=200,
        help_text=_("Optional, if it is not in the list."),
    )
    mood = forms.TypedChoiceField(
        label=_("The child's mood"),
        choices=MOODS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For you and the coordinators: how it went, what to try next time. Do not write "
            "the child's name or other details that identify them."
        ),
    )
    concern_category = forms.ChoiceField(
        label=_("What the concern is about"),
        choices=[("", _("— no concern —")), *Concern.Category.choices],
        required=False,
    )
    concern_text = forms.CharField(
        label=_("What worries you"),
        required=False,
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, today: Date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean(self) -> dict:
        data = super().clean()
        if "hours" in data and "minutes" in data:
            total = (data["hours"] or 0) * 60 + (data["minutes"] or 0)
            if not total:
                self.add_error("minutes", _("Enter how long you met."))
            data["total_minutes"] = total
        return data


class ConcernForm(forms.Form):
    """A concern about the child, raised outside a session log."""

    category = forms.ChoiceField(
        label=_("What the concern is about"),
        choices=[("", _("— choose —")), *Concern.Category.choices],
    )
    text = forms.CharField(
        label=_("What worries you"),
        max_length=services.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What you saw or heard, when, and what you did about it. Write the facts; "
            "the coordinators will follow up."
        ),
    )
