from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    label = "mentorship"
    verbose_name = _("Mentorship")

    def ready(self) -> None:
        from lms import demo, extensions
        from lms.celery import schedule_daily

        extensions.register(
            "learner_dashboard", "mentorship", "mentorship.views.mentoring.dashboard_panel"
        )
        demo.register("mentorship", "mentorship.demo.load", order=70)
        extensions.register("reports", "mentorship", "mentorship.reports.section")
        # Coordinators' alerts: scanned and sent once a day (03:00 UTC: morning in the
        # programmes' regions); the same lapse never alerts twice.
        schedule_daily("mentorship.alerts", "mentorship.tasks.send_alerts", hour=3)
