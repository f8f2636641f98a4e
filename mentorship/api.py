"""What other apps and the core's dashboards may know about mentorship: ids and frozen data,
never a mentee's record."""

from datetime import date as Date

from django.utils import timezone

from . import selectors
from .data import MatchCounts, ProgrammeData
from .models import Concern, MentoringProgramme

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
    programmes = MentoringProgramme.objects.all()
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=list(programme_ids))
    active = at_risk = 0
    for programme in programmes:
        for _match, state in selectors.active_matches_with_health(programme=programme, today=today):
            active += 1
            at_risk += state.at_risk
    concerns = Concern.objects.filter(status=Concern.Status.OPEN)
    if programme_ids is not None:
        concerns = concerns.filter(match__programme_id__in=list(programme_ids))
    return MatchCounts(
        active=active,
        at_risk=at_risk,
        open_concerns=concerns.count(),
    )
