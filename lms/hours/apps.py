from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    default = True
    name = "lms.hours"
    label = "hours"
    verbose_name = _("Volunteer hours")

    def ready(self) -> None:
        from lms import demo

        demo.register("hours", "lms.hours.demo.load", order=60)
