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
        # The REST API: verification of certificates and vouchers.
        extensions.register("rest_routes", "certificates", "certificates.rest.routes")
        extensions.register(
            "learner_dashboard", "certificates", "certificates.views.dashboard_panel"
        )
        extensions.register("learner_dashboard", "vouchers", "certificates.views.voucher_dashboard")
        extensions.register("cohort_actions", "certificates", "certificates.views.cohort_actions")
        # The social-credit page ("Social credit") shows the student's vouchers.
        extensions.register(
            "social_credit_student", "certificates", "certificates.views.voucher_panel"
        )
        extensions.register(
            "social_credit_links", "certificates", "certificates.views.voucher_links"
        )
        # The coordinators' reports: certificates (cut by course and audience) and vouchers
        # (not), as two sections.
        extensions.register("reports", "certificates", "certificates.reports.section")
        extensions.register(
            "reports", "certificates-vouchers", "certificates.reports.voucher_section"
        )

        from lms.celery import schedule_every

        schedule_every("certificates.catch-up", "certificates.tasks.catch_up_certificates", 600)
        schedule_every(
            "certificates.vouchers-catch-up", "certificates.tasks.catch_up_vouchers", 24 * 3600
        )
