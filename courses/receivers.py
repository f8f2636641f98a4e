"""Learning events of the courses app sent as xAPI statements (``lms.xapi.api``): enrolled,
lesson completed, quiz answered and passed, course completed, webinar attended.

The model handlers run inside the transaction that saved the row, so the statement is stored
with the event; ``record`` never raises and does nothing when xAPI is off.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.xapi import api as xapi

from .models import Attendance, CoursePage, Enrolment, LessonProgress, QuizAttempt
from .signals import course_completed


@receiver(post_save, sender=Enrolment, dispatch_uid="courses.xapi_enrolled")
def xapi_enrolled(sender, instance: Enrolment, created: bool, raw=False, **kwargs) -> None:
    if created and not raw and xapi.enabled():
        xapi.record(
            actor_user_id=instance.user_id,
            verb="registered",
            object_type="course",
            object_id=instance.course_id,
            object_name=instance.course.title,
            timestamp=instance.enrolled_at,
        )


@receiver(post_save, sender=LessonProgress, dispatch_uid="courses.xapi_lesson_completed")
def xapi_lesson_completed(
    sender, instance: LessonProgress, created: bool, raw=False, **kwargs
) -> None:
    if created and not raw and xapi.enabled():
        enrolment = instance.enrolment
        xapi.record(
            actor_user_id=enrolment.user_id,
            verb="completed",
            object_type="lesson",
            object_id=instance.lesson_id,
            object_name=instance.lesson.title,
            result={"completion": True},
            timestamp=instance.completed_at,
            context=xapi.parent("course", enrolment.course_id),
        )


@receiver(post_save, sender=QuizAttempt, dispatch_uid="courses.xapi_quiz_answered")
def xapi_quiz_answered(sender, instance: QuizAttempt, created: bool, raw=False, **kwargs) -> None:
    if not created or raw or not xapi.enabled():
        return
    quiz = {
        "actor_user_id": instance.enrolment.user_id,
        "object_type": "quiz",
        "object_id": f"{instance.lesson_id}/{instance.quiz_id}",
        "object_name": instance.lesson.title,
        "timestamp": instance.created_at,
        "context": xapi.parent("lesson", instance.lesson_id),
    }
    result = {"score": xapi.score(raw=instance.score), "success": instance.passed}
    xapi.record(verb="answered", result=result, **quiz)
    if instance.passed:
        xapi.record(verb="passed", result={**result, "completion": True}, **quiz)


@receiver(course_completed, dispatch_uid="courses.xapi_course_completed")
def xapi_course_completed(sender, user_id: int, course_id: int, completed_at, **kwargs) -> None:
    if xapi.enabled():
        title = CoursePage.objects.filter(pk=course_id).values_list("title", flat=True).first()
        xapi.record(
            actor_user_id=user_id,
            verb="completed",
            object_type="course",
            object_id=course_id,
            object_name=title or "",
            timestamp=completed_at,
            result={"completion": True, "success": True},
        )


@receiver(post_save, sender=Attendance, dispatch_uid="courses.xapi_webinar_attended")
def xapi_webinar_attended(sender, instance: Attendance, created: bool, raw=False, **kwargs) -> None:
    if created and not raw and xapi.enabled():
        webinar = instance.webinar
        xapi.record(
            actor_user_id=instance.user_id,
            verb="attended",
            object_type="webinar",
            object_id=webinar.uid,
            object_name=webinar.title,
            result={"duration": f"PT{instance.minutes}M"},
            context=xapi.parent("course", webinar.course_id) if webinar.course_id else None,
        )
