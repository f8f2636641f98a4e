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
