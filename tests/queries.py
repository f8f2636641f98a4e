from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    """How many SQL queries rendering ``url`` takes (asserting it renders), once warm: the
    first request of a process also fills per-process caches (site, locales)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)
