"""What other apps and the core's dashboards may know about mentorship: ids and frozen data,
never a mentee's record."""

from datetime import date as Date

from django.utils import timezone

from . import selectors
from .data import MatchCounts, ProgrammeData
from .models import Concern, Match, MentoringProgramme

__all__ = ["MatchCounts", "ProgrammeData", "get_programme", "match_counts"]


def get_programme(programme_id: int) -> ProgrammeData | None:
    programme = MentoringProgramme.objects.filter(pk=programme_id).first()
    if programme is None:
        return None
    return ProgrammeData(
        id=programme.pk,
        title=programme.title,
        organisation_id=programme.organisation_id,
        is_open=programme.is_open,
    )


def match_counts(*, programme_ids=None, today: Date | None = None) -> MatchCounts:
    """Active matches, those of them at risk on ``today``, and open concerns, over some
    programmes (all when ``programme_ids`` is ``None``)."""
    today = today or timezone.localdate()
    matches = Match.objects.filter(status=Match.Status.ACTIVE).select_related("programme")
    concerns = Concern.objects.filter(status=Concern.Status.OPEN)
    if programme_ids is not None:
        matches = matches.filter(programme_id__in=list(programme_ids))
        concerns = concerns.filter(match__programme_id__in=list(programme_ids))
    states = [
        selectors.health_of(match, today=today)
        for match in selectors.with_health_figures(matches, today=today)
    ]
    return MatchCounts(
        active=len(states),
        at_risk=sum(state.at_risk for state in states),
        open_concerns=concerns.count(),
    )
