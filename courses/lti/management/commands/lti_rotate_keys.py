from django.conf import settings
from django.core.management.base import BaseCommand

from courses.lti import services


class Command(BaseCommand):
    help = (
        "Rotate the LTI tool's keys: a new key signs from now on; the old one stays in "
        "/lti/jwks/ for LTI_KEY_OVERLAP_DAYS days."
    )

    def handle(self, *args, **options):
        key = services.tool_key_rotate()
        self.stdout.write(
            f"New signing key {key.kid}; retired keys stay published for "
            f"{settings.LTI_KEY_OVERLAP_DAYS} days."
        )
