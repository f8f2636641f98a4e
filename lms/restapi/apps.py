from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestApiConfig(AppConfig):
    default = True
    name = "lms.restapi"
    label = "restapi"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from lms import extensions

        # The core's own endpoints: the volunteer-hours ledger.
        extensions.register("rest_routes", "hours", "lms.hours.rest.routes")
