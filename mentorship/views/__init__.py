"""Thin views of mentorship: read through selectors, change through services, explain
refusals in the reader's language. ``mentoring`` holds the pages of people who apply and mentor;
``coordinator`` the pages of a programme's coordinators, and the match and mentee pages both
see (each shows what the reader may see)."""

from .coordinator import (
    audit,
    concern,
    concerns,
    dashboard,
    match,
    match_new,
    matches,
    mentee,
    mentee_edit,
    mentee_new,
    mentees,
    mentor,
    mentors,
)
from .mentoring import (
    apply,
    concern_new,
    dashboard_panel,
    index,
    my_sessions,
    session_new,
    withdraw,
)

__all__ = [
    "apply",
    "audit",
    "concern",
    "concern_new",
    "concerns",
    "dashboard",
    "dashboard_panel",
    "index",
    "match",
    "match_new",
    "matches",
    "mentee",
    "mentee_edit",
    "mentee_new",
    "mentees",
    "mentor",
    "mentors",
    "my_sessions",
    "session_new",
    "withdraw",
]
