"""Handlers of the courses app's signals: a completed course sends its score to the partner
platforms the learner came from."""

from django.dispatch import receiver

from courses.signals import course_completed

from . import tasks


@receiver(course_completed, dispatch_uid="lti.score_on_completion")
def score_on_completion(sender, *, enrolment_id, **kwargs):
    tasks.queue_scores.delay_on_commit(enrolment_id)
