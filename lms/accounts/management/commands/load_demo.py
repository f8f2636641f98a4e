from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from lms import demo


class Command(BaseCommand):
    help = "Load the demo data (regions, organisations, people of each role, pages, materials). "
    "Safe to run again: what exists is left as it is."

    def handle(self, *args, **options) -> None:
        ctx = demo.DemoContext(log=lambda line: self.stdout.write(f"  {line}"))
        with translation.override("ru"):
            for name, loader in demo.loaders():
                self.stdout.write(f"demo: {name}")
                with transaction.atomic():
                    loader(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Accounts:"))
        width = max((len(a.email) for a in ctx.accounts), default=0)
        for account in ctx.accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.password}  ({account.role})")
