from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from lms import demo, extensions
        from lms.celery import schedule_every

        demo.register("courses", "courses.demo.load", order=30)
        demo.register("courses_packages", "courses.packages.demo.load", order=35)
        demo.register("courses_progress", "courses.demo.load_progress", order=50)
        # The coordinators' reports: learning, webinars and trainers, the course filters.
        extensions.register("reports", "courses", "courses.reports.section")
        extensions.register("reports", "courses-webinars", "courses.reports.webinar_section")
        extensions.register("report_filters", "courses", "courses.reports.filters")
        # The REST API: the catalog, a learner's enrolments, coordinators' regions.
        extensions.register("rest_routes", "courses", "courses.rest.routes")

        from . import completion
        from . import receivers as xapi_receivers  # noqa: F401 - xAPI statements
        from .trainers import receivers, tasks  # noqa: F401 - signal handlers and tasks
        from .trainers.selectors import attended_count

        completion.register_webinar_counter(attended_count)
        # Webinar reminders: beat runs the task every five minutes; each is sent once.
        schedule_every(
            "courses.webinar-reminders", "courses.trainers.tasks.send_webinar_reminders", 300
        )
