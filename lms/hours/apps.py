from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    default = True
    name = "lms.hours"
    label = "hours"
    verbose_name = _("Volunteer hours")

    def ready(self) -> None:
        from lms import demo, extensions
        from lms.celery import schedule_every

        demo.register("hours", "lms.hours.demo.load", order=60)
        extensions.register("reports", "hours", "lms.hours.reports.section")
        # Supervisors' daily digest: beat runs the task every hour; each person gets it once a
        # day, from 08:00 their time.
        schedule_every("hours.supervisor-digests", "lms.hours.tasks.send_supervisor_digests", 3600)
