"""The trainer network listens to its own app's completions: graduates of a trainer-training
course become certified trainers."""

from django.dispatch import receiver

from ..signals import course_completed
from . import services


@receiver(course_completed, dispatch_uid="courses.trainers.certify_graduates")
def certify_graduates(sender, user_id: int, course_id: int, **kwargs) -> None:
    services.trainer_certify(user_id=user_id, course_id=course_id)
