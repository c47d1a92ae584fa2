from django.core.management.base import BaseCommand, CommandError

from reports import rollup


class Command(BaseCommand):
    help = (
        "Check each library's months (what the dashboards add up, kept by PostgreSQL's triggers) against a "
        "recount of the records; with --rebuild, count them all again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Count every library's months again.")

    def handle(self, *args, **options):
        if not rollup.kept():
            self.stdout.write("Library months are kept on PostgreSQL only; here the dashboards read the records.")
            return
        if options["rebuild"]:
            rows = rollup.rebuild()
            self.stdout.write(f"Counted {rows} library months again from the records.")
            return
        wrong = rollup.differences()
        if wrong:
            listed = ", ".join(f"library {library} {month:%Y-%m}" for library, month in wrong)
            raise CommandError(
                f"Library months differ from the records ({listed}{', …' if len(wrong) >= 20 else ''}). "
                "Run with --rebuild to count them again."
            )
        self.stdout.write("Every library month equals a recount of the records.")
