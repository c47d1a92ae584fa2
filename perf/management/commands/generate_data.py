import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from foundation.months import parse_period
from libraries.models import Village
from perf.synthetic import generate


class Command(BaseCommand):
    help = "Synthetic national-scale data for benchmarks (K = activities per library per month); deterministic."

    def add_arguments(self, parser):
        parser.add_argument("--libraries", type=int, required=True)
        parser.add_argument("--months", type=int, default=12)
        parser.add_argument("--activities", type=int, default=3, help="activities per library per month")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--end", help="last month generated, YYYY-MM (default: last month)")

    def handle(self, *args, **options):
        if Village.objects.count() < 83762:
            call_command("load_regions", stdout=self.stdout)
        end = parse_period(options["end"]) if options["end"] else None
        started = time.perf_counter()
        try:
            result = generate(options["libraries"], options["months"], options["activities"], options["seed"], end)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"libraries {result.libraries}, activities {result.activities}, monthly reports {result.monthly_reports}, "
            + ", ".join(f"{k} {v}" for k, v in result.extra.items())
            + f" in {time.perf_counter() - started:.1f} s"
        )
