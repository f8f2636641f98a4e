from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class XapiConfig(AppConfig):
    default = True
    name = "lms.xapi"
    label = "xapi"
    verbose_name = _("xAPI statements")

    def ready(self) -> None:
        from lms.celery import schedule_every

        # Statements the queue lost (a worker died, retries ran out while the LRS was down)
        # are sent again; sending is idempotent because each statement's id is fixed.
        schedule_every("xapi.resend", "lms.xapi.tasks.resend_unsent", 300)
