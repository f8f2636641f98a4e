"""The Wagtail admin's form of a mentoring programme."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses import api as courses


class ProgrammeAdminForm(WagtailAdminModelForm):
    """A programme's training course is a course and is at least the minimum training long;
    a programme that asks for training names the course."""

    def clean(self):
        cleaned = super().clean()
        page = cleaned.get("training_course")
        minimum = cleaned.get("training_min_hours") or Decimal(0)
        if page is None:
            if minimum > 0:
                self.add_error(
                    "training_course",
                    _("Choose the training course, or set the minimum training to 0 hours."),
                )
            return cleaned
        course = courses.get_course(page.pk)
        if course is None:
            self.add_error("training_course", _("Choose a course page."))
        elif Decimal(str(course.estimated_hours or 0)) < minimum:
            self.add_error(
                "training_course",
                _("This course takes %(hours)s h; the programme asks for at least %(minimum)s h.")
                % {"hours": course.estimated_hours or 0, "minimum": minimum},
            )
        return cleaned
