"""Frozen data that ``courses.api`` hands to other apps."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class EnrolmentData:
    id: int
    user_id: int
    course_id: int
    course_title: str
    course_language: str
    estimated_hours: Decimal
    cohort_id: int | None
    completed_at: datetime | None


@dataclass(frozen=True)
class CourseData:
    id: int
    title: str
    language: str
    estimated_hours: Decimal
    summary: str
    url: str


@dataclass(frozen=True)
class CohortData:
    id: int
    title: str
    course_id: int
    course_title: str
    region_id: int


@dataclass(frozen=True)
class ManagedScope:
    """Cohorts and regions a person manages; ``everything`` for administrators."""

    everything: bool
    cohort_ids: frozenset[int]
    region_ids: frozenset[int]

    @property
    def empty(self) -> bool:
        return not (self.everything or self.cohort_ids or self.region_ids)

    def covers(self, *, cohort_id: int | None, region_id: int | None) -> bool:
        """A learner's record in a cohort is covered by the cohort; one outside any cohort by
        the learner's region."""
        if self.everything:
            return True
        if cohort_id is not None:
            return cohort_id in self.cohort_ids
        return region_id is not None and region_id in self.region_ids
