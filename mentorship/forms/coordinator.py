"""Forms of a mentoring programme's coordinators: screening, mentees, matches, check-ins and
concerns. They check the shape of input; the rules (who, when, in which order) are the
services' to check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.web import DateInput

from .. import selectors
from ..models import CheckIn, Match, Mentee, Mentor, MentoringProgramme, ScreeningCheck, Step
from ..services import INSTITUTION_KINDS, TEXT_MAX_LENGTH


def _choose(choices) -> list:
    """A model's choices after an empty "choose" option, so nothing is picked by accident."""
    return [("", _("— choose —")), *choices.choices]


def _text(label, *, required: bool = False, rows: int = 3, help_text="", limit=TEXT_MAX_LENGTH):
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


# --- Mentors ---------------------------------------------------------------------------------


class ScreeningForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=_choose(Step))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_choose(ScreeningCheck.Outcome))
    done_on = forms.DateField(label=_("Date"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "For a police-record certificate: the date it shows. Left empty, it is valid for "
            "the programme's number of months from its date."
        ),
    )
    note = _text(_("Note"), rows=2, help_text=_("Only coordinators read it."))


class DeclineForm(forms.Form):
    reason = _text(
        _("Reason"), required=True, help_text=_("Kept in the mentor's record for coordinators.")
    )


# --- Mentees ---------------------------------------------------------------------------------


def institutions():
    """Active children's homes and social-service institutions (the model is reached through
    the mentee's field, as apps do not import the core's models)."""
    model = Mentee._meta.get_field("institution").related_model
    return model.objects.filter(kind__in=INSTITUTION_KINDS, is_active=True).order_by("name")


class MenteeForm(forms.Form):
    age_band = forms.ChoiceField(label=_("Age"), choices=_choose(Mentee.AgeBand))
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=None,
        empty_label=_("— choose —"),
        help_text=_("The children's home or social-service institution the child is with."),
    )
    interests = forms.CharField(
        label=_("Interests"),
        required=False,
        max_length=300,
        help_text=_(
            "What the child likes, to find a mentor who fits. Never write the child's name, "
            "birthday or address: the code stands for the child."
        ),
    )
    coordinator_notes = _text(
        _("Coordinators' notes"),
        rows=4,
        help_text=_(
            "Only the programme's coordinators read them, never the mentor. Never write the "
            "child's name, birthday or address: the code stands for the child."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions()


class MenteeEditForm(MenteeForm):
    is_active = forms.BooleanField(
        label=_("In the programme"),
        required=False,
        help_text=_("Untick when the child leaves the programme (close their match first)."),
    )


# --- Matches ---------------------------------------------------------------------------------


class MatchForm(forms.Form):
    """A mentor and a child. The list offers ready mentors only; any mentor of the programme
    may be posted, so that the service explains what an unready one still lacks."""

    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, empty_label=_("— choose —"))
    mentee = forms.ModelChoiceField(
        label=_("Child"),
        queryset=None,
        empty_label=_("— choose —"),
        help_text=_("Children in the programme without a mentor."),
    )
    note = _text(_("Why this match"), rows=3)

    def __init__(
        self,
        *args,
        programme: MentoringProgramme,
        ready: list[Mentor],
        chosen: Mentor | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mentor"]
        field.queryset = selectors.mentors_of(programme=programme, status=Mentor.Status.ACTIVE)
        offered = list(ready)
        if chosen is not None:
            if chosen.pk not in {mentor.pk for mentor in offered}:
                offered.insert(0, chosen)
            self.initial.setdefault("mentor", chosen.pk)
        field.widget.choices = [("", field.empty_label)] + [
            (mentor.pk, _mentor_label(mentor)) for mentor in offered
        ]
        mentee = self.fields["mentee"]
        mentee.queryset = selectors.mentees_of(programme=programme, active=True).filter(
            open_match=False
        )
        mentee.label_from_instance = lambda child: " · ".join(
            (child.code, str(child.get_age_band_display()), child.institution.name)
        )


def _mentor_label(mentor: Mentor) -> str:
    name = mentor.user.full_name or mentor.user.email
    return f"{name} ({mentor.city})" if mentor.city else name


class StartForm(forms.Form):
    consent_by = forms.ChoiceField(label=_("Consent given by"), choices=_choose(Match.ConsentBy))
    consent_on = forms.DateField(label=_("Consent date"), widget=DateInput())
    consent_note = forms.CharField(
        label=_("Consent: who and how"),
        required=False,
        max_length=300,
        help_text=_("E.g. the director's signed consent, kept in the institution's file."),
    )
    started_on = forms.DateField(label=_("First day of the match"), widget=DateInput())


class CancelForm(forms.Form):
    reason = _text(_("Why it is cancelled"), required=True, rows=2)


class CloseForm(forms.Form):
    closure = forms.ChoiceField(label=_("The match ends"), choices=_choose(Match.Closure))
    reason = forms.ChoiceField(label=_("Reason"), choices=_choose(Match.Reason))
    exit_note = _text(
        _("Exit note"),
        required=True,
        rows=4,
        help_text=_("How the match went and how it ended; coordinators read it."),
    )
    closed_on = forms.DateField(label=_("Last day"), widget=DateInput())


class CheckInForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    with_whom = forms.ChoiceField(label=_("With whom"), choices=_choose(CheckIn.With))
    channel = forms.ChoiceField(label=_("How"), choices=_choose(CheckIn.Channel))
    note = _text(_("Note"), rows=3)


# --- Concerns --------------------------------------------------------------------------------


class ConcernCloseForm(forms.Form):
    resolution = _text(
        _("What was done"),
        required=True,
        rows=4,
        help_text=_("The concern stays as it was raised; this is added to it."),
    )
