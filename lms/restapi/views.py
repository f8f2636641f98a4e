"""The coordinators' API token page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from .permissions import may_use_coordinator_api


@login_required
@require_http_methods(["GET", "POST"])
def token(request):
    """A programme coordinator creates or replaces their own API token; the key is shown once,
    right after it is made, and the old key stops working at once."""
    if not may_use_coordinator_api(request.user):
        raise PermissionDenied
    new_key = ""
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            new_key = Token.objects.create(user=request.user).key
    existing = Token.objects.filter(user=request.user).first()
    return render(request, "restapi/token.html", {"token": existing, "new_key": new_key})
