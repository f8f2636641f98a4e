"""xAPI: learning events sent as xAPI statements to the deployment's LRS.

Apps call :func:`lms.xapi.api.record`; the statement is stored in an outbox (``Statement``)
in the event's transaction and delivered by a Celery task, retried while the LRS is down.
"""
