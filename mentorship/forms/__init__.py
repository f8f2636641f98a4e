"""Forms of mentorship's pages: ``mentoring`` for applicants and mentors, ``coordinator`` for
programme coordinators. Forms check the shape of input; the rules live in the services."""

from django import forms

from ..services import MentorshipError


def show_error(form: forms.Form, error: MentorshipError, fields: dict[str, str] | None = None):
    """Show a service's refusal on the form: on the field named by ``fields[error.code]``,
    else on the field named like the code (``"date"``, ``"date_too_long"`` → ``date``), else
    on the form as a whole."""
    name = (fields or {}).get(error.code) or error.code.removesuffix("_too_long")
    form.add_error(name if name in form.fields else None, error.message)
