"""The dashboard's filters: a GET form whose options are only what the viewer may see."""

import datetime as dt
from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.data import RegionScope
from lms.web import DateInput

from . import selectors
from .data import ReportQuery

EARLIEST = dt.date(2000, 1, 1)
MAX_DAYS = 366 * 10 + 3  # ten years at most
FILTER_NAMES = ("start", "end", "country", "region", "organisation", "course", "audience")


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    course = forms.TypedChoiceField(label=_("Course"), required=False, coerce=int, empty_value=None)
    audience = forms.TypedChoiceField(
        label=_("Audience"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, options: selectors.Options, scope: RegionScope, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.scope = scope
        everywhere = ("", _("All"))
        self.fields["country"].choices = [everywhere, *options.countries]
        names = dict(options.countries)
        by_country: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for region in options.regions:
            by_country[names.get(region.country, region.country)].append((region.id, region.name))
        self.fields["region"].choices = [everywhere, *sorted(by_country.items())]
        region_names = {region.id: region.name for region in options.regions}
        by_region: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, name, region_id in options.organisations:
            by_region[region_names.get(region_id, "—")].append((pk, name))
        self.fields["organisation"].choices = [everywhere, *sorted(by_region.items())]
        for name in ("course", "audience"):
            if name in options.extra:
                self.fields[name].choices = [
                    everywhere,
                    *((choice.id, choice.label) for choice in options.extra[name]),
                ]
            else:
                del self.fields[name]  # no app offers it
        if len(options.countries) < 2:
            self.fields["country"].widget = forms.HiddenInput()

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start < EARLIEST:
                self.add_error("start", _("Reports start from the year 2000."))
            elif end < start:
                self.add_error("end", _("The end of the period is before its start."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", _("A report covers ten years at most."))
        country, region_id = data.get("country"), data.get("region")
        regions = {region.id: region for region in self.options.regions}
        if country and region_id is not None and regions[region_id].country != country:
            self.add_error("region", _("This region is not in the chosen country."))
        organisation_id = data.get("organisation")
        if organisation_id is not None and not self.errors:
            organisation_region = next(
                region for pk, _name, region in self.options.organisations if pk == organisation_id
            )
            allowed = self.region_ids()
            if allowed is not None and organisation_region not in allowed:
                self.add_error(
                    "organisation", _("This organisation is not in the chosen country or region.")
                )
        return data

    def region_ids(self) -> frozenset[int] | None:
        return selectors.region_ids_for(
            self.scope,
            self.options.regions,
            country=self.cleaned_data.get("country") or None,
            region_id=self.cleaned_data.get("region"),
        )

    def query(self, *, today: dt.date, time_zone: str, by_direction: bool = False) -> ReportQuery:
        data = self.cleaned_data
        return ReportQuery(
            start=data["start"],
            end=data["end"],
            today=today,
            time_zone=time_zone,
            region_ids=self.region_ids(),
            organisation_id=data.get("organisation"),
            course_id=data.get("course"),
            audience_id=data.get("audience"),
            by_direction=by_direction,
        )

    def params(self) -> dict[str, str]:
        """The filters as a query string has them (for export jobs and links)."""
        params: dict[str, str] = {}
        for name in FILTER_NAMES:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            params[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return params
