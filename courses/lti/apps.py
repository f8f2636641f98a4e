from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    """The LTI 1.3 tool: partner platforms launch Вектор's courses and get scores back."""

    name = "courses.lti"
    label = "lti"
    verbose_name = _("LTI")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.celery import schedule_every

        from . import receivers, tasks  # noqa: F401 - signal handlers and tasks

        # Scores the queue lost or gave up on while a platform was down go out again.
        schedule_every("lti.resend-scores", "courses.lti.tasks.resend_pending", 300)
