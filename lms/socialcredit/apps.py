from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialCreditConfig(AppConfig):
    default = True
    name = "lms.socialcredit"
    label = "socialcredit"
    verbose_name = _("Social student credit")

    def ready(self) -> None:
        from lms import demo, extensions

        extensions.register("hours_decision", "socialcredit", "lms.socialcredit.services.guard")
        extensions.register(
            "learner_dashboard", "socialcredit", "lms.socialcredit.views.dashboard_panel"
        )
        extensions.register(
            "volunteer_book", "socialcredit", "lms.socialcredit.views.book_sections"
        )
        demo.register("socialcredit", "lms.socialcredit.demo.load", order=65)
