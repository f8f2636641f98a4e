def only_api_v1(endpoints, **kwargs):
    """The schema describes the versioned API only, not the admin's internal endpoints."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
