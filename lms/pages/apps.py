from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "lms.pages"
    label = "pages"
    verbose_name = _("Site pages and materials")

    def ready(self) -> None:
        from lms import demo

        demo.register("pages", "lms.pages.demo.load", order=20)
