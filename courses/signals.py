"""Signals the courses app sends. Handlers in other apps live in their ``receivers.py``."""

from django.dispatch import Signal

# Sent once per enrolment, after the transaction that recorded the completion commits.
# Arguments: enrolment_id (int), user_id (int), course_id (int), completed_at (datetime, UTC).
course_completed = Signal()
