from importlib import import_module
from importlib.util import find_spec

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from libraries.models import Library, Village

# Each app may have a ``demo`` module with a ``load()`` returning counts; they run in this order (the evidence
# checks last, over the records written before them).
DEMO_APPS = ["libraries", "accounts", "activities", "reports", "evidence"]


class Command(BaseCommand):
    help = "Create the demo libraries, people, activities, reports and accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when libraries already exist.")

    def handle(self, *args, **options):
        if options["if_empty"] and Library.objects.exists():
            self.stdout.write("Demo data already present.")
            return
        if not Village.objects.exists():
            call_command("load_regions", stdout=self.stdout)
        with transaction.atomic():
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo") is None:
                    continue
                counts = import_module(f"{app}.demo").load()
                summary = ", ".join(f"{key} {value}" for key, value in counts.items())
                self.stdout.write(f"{app}: {summary}")
