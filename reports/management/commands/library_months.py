from django.core.management.base import BaseCommand, CommandError

from reports import province_months, rollup


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
            self.stdout.write(f"Counted {rows} library months again from the records, and the provinces' months.")
            return
        wrong = rollup.differences()
        if wrong:
            raise CommandError(
                f"Kept months differ from a recount ({', '.join(wrong)}{', …' if len(wrong) >= 20 else ''}). "
                "Run with --rebuild to count them again."
            )
        if not province_months.kept():
            raise CommandError(
                "The province months count reports on time by another deadline day or time zone than the settings "
                "(the national dashboard reads the library months meanwhile). Run with --rebuild to count them again."
            )
        self.stdout.write("Every library and province month equals a recount.")
