from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from lms import demo

        demo.register("courses", "courses.demo.load", order=30)
        demo.register("courses_progress", "courses.demo.load_progress", order=50)
