"""The form a person logs an activity with."""

from collections import defaultdict
from pathlib import PurePosixPath

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.selectors import organisation_list
from lms.web import DateInput

from . import services
from .models import HoursEntry

EVIDENCE_MAX_SIZE = 10 * 1024 * 1024
# Extension → how such a file starts (a renamed file of another kind is refused).
EVIDENCE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
}


class OrganisationChoiceField(forms.ModelChoiceField):
    """Active organisations grouped by region, regions named in the reader's language."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", organisation_list())
        kwargs.setdefault("empty_label", _("— choose the organisation —"))
        super().__init__(**kwargs)

    def grouped_choices(self) -> list:
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for organisation in self.queryset:
            groups[organisation.region.name].append((organisation.pk, organisation.name))
        choices: list = [("", self.empty_label)]
        for region in sorted(groups):
            choices.append((region, sorted(groups[region], key=lambda c: c[1])))
        return choices


def validate_evidence(upload) -> None:
    """A photo (JPG, PNG) or a document (PDF, DOCX) of at most 10 MB."""
    message = _("Attach a photo (JPG, PNG) or a document (PDF, DOCX) of at most 10 MB.")
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_SIGNATURES or upload.size > EVIDENCE_MAX_SIZE:
        raise forms.ValidationError(message, code="evidence")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(EVIDENCE_SIGNATURES[suffix]):
        raise forms.ValidationError(message, code="evidence")


# Which field shows a refusal of services.hours_validate.
ERROR_FIELDS = {
    "duration": "hours",
    "too_long": "hours",
    "date": "date",
    "future": "date",
    "description": "description",
    "description_too_long": "description",
}


class ActivityForm(forms.Form):
    """What a person says about one activity: the day, how long (hours and minutes, summed
    into ``total_minutes`` when both are valid), what they did and optional evidence. The
    ledger's form and social credit's shift form build on it."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.IntegerField(
        label=_("Hours"),
        min_value=0,
        max_value=24,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=0,
        max_value=59,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("What you did"),
        max_length=services.DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("Optional: a photo (JPG, PNG) or a document (PDF, DOCX), at most 10 MB."),
        validators=[validate_evidence],
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.docx"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if "hours" in data and "minutes" in data:
            data["total_minutes"] = (data["hours"] or 0) * 60 + (data["minutes"] or 0)
        return data


class HoursEntryForm(ActivityForm):
    """A person logs an activity; it waits for confirmation at the organisation."""

    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        help_text=_("A supervisor or coordinator of this organisation confirms your hours."),
    )
    source = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=HoursEntry.Source.choices,
        initial=HoursEntry.Source.PRACTICE,
    )
    field_order = ["organisation", "date", "hours", "minutes", "source", "description"]

    def __init__(self, *args, today=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        field = self.fields["organisation"]
        field.widget.choices = field.grouped_choices()

    def _refuse(self, error: services.HoursError) -> None:
        self.add_error(ERROR_FIELDS.get(error.code), error.message)

    def clean(self) -> dict:
        data = super().clean()
        if "total_minutes" in data:
            try:
                services.check_duration(data["total_minutes"])
            except services.HoursError as error:
                self._refuse(error)
        if data.get("date") is not None:
            try:
                services.check_date(data["date"], today=self.today)
            except services.HoursError as error:
                self._refuse(error)
        if "description" in data:
            try:
                data["description"] = services.clean_description(data["description"])
            except services.HoursError as error:
                self._refuse(error)
        return data

    def save(self, *, user) -> HoursEntry:
        data = self.cleaned_data
        return services.hours_submit(
            user=user,
            organisation=data["organisation"],
            date=data["date"],
            minutes=data["total_minutes"],
            description=data["description"],
            source=data["source"],
            evidence=data.get("evidence") or None,
            today=self.today,
        )
