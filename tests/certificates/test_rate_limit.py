"""The serial look-up's rate limit behind a proxy."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_rate_limit_behind_a_proxy_counts_the_visitor_not_the_proxy(client, settings):
    settings.BEHIND_PROXY = True
    url = reverse("certificates:verify")
    for _ in range(30):
        response = client.get(
            url, {"serial": "ВД-2026-999999"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
        assert response.status_code == 200
    assert (
        client.get(
            url, {"serial": "ВД-2026-999999"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
        ).status_code
        == 429
    )
    # Another visitor behind the same proxy is not locked out, even forging a first hop.
    other = client.get(
        url, {"serial": "ВД-2026-999999"}, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9"
    )
    assert other.status_code == 200
