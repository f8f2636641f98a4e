from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from lms import demo, extensions

        from . import receivers  # noqa: F401 - connects the signal handlers

        demo.register("certificate_templates", "certificates.demo.load_templates", order=25)
        demo.register("certificates", "certificates.demo.load", order=40)
        extensions.register(
            "learner_dashboard", "certificates", "certificates.views.dashboard_panel"
        )
        extensions.register("cohort_actions", "certificates", "certificates.views.cohort_actions")

        from lms.celery import schedule_every

        schedule_every("certificates.catch-up", "certificates.tasks.catch_up_certificates", 600)
