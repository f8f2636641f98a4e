"""Signals the hours ledger sends. Handlers in other apps live in their ``receivers.py``; they
only call a service or queue a task.

Both are sent once per entry, after the transaction that recorded the decision commits
(``send_robust``: a failing handler is logged and does not undo the decision). Arguments:

``entry_id`` (int)
    the ledger entry; ``lms.hours.api.get_entry(entry_id)`` gives everything about it.
``user_id`` (int)
    the person whose hours they are.
``organisation_id`` (int or None)
    where the activity took place (None for an activity without an organisation).
``minutes`` (int)
    the entry's duration.
"""

from django.dispatch import Signal

# An entry was confirmed: by a supervisor or coordinator of its organisation, or recorded by an
# app as already confirmed (``lms.hours.api.record_hours(..., confirmed_by_id=...)``).
hours_confirmed = Signal()

# A submitted entry was rejected; the reason is on the entry (``get_entry(entry_id)``).
hours_rejected = Signal()
