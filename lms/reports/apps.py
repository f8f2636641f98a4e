from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default = True
    name = "lms.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from lms.celery import schedule_daily

        from .expressions import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="reports-sqlite")
        # Finished exports are kept for a week, then their files are deleted.
        schedule_daily("reports.purge-exports", "lms.reports.tasks.purge_exports", hour=2)
