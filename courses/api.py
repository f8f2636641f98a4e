"""What other apps may know and do about courses. They import this module (and
``courses.signals``) only, never ``courses.models``."""

from .completion import Requirement, register_requirement, register_webinar_counter
from .data import EnrolmentData
from .models import Enrolment

__all__ = [
    "EnrolmentData",
    "Requirement",
    "get_enrolment",
    "register_requirement",
    "register_webinar_counter",
    "user_completed_course",
]


def get_enrolment(enrolment_id: int) -> EnrolmentData | None:
    enrolment = Enrolment.objects.select_related("course").filter(pk=enrolment_id).first()
    if enrolment is None:
        return None
    return EnrolmentData(
        id=enrolment.pk,
        user_id=enrolment.user_id,
        course_id=enrolment.course_id,
        course_title=enrolment.course.title,
        course_language=enrolment.course.language,
        estimated_hours=enrolment.course.estimated_hours,
        cohort_id=enrolment.cohort_id,
        completed_at=enrolment.completed_at,
    )


def user_completed_course(user_id: int, course_id: int) -> bool:
    return Enrolment.objects.filter(
        user_id=user_id, course_id=course_id, completed_at__isnull=False
    ).exists()
