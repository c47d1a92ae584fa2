import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sim.importing import import_sim, places_rows, read_places
from sim.plan import Plan
from sim.records import Problem


class Command(BaseCommand):
    help = (
        "Take in SIM TPBIS exports (JSON as SIM's API gives them, or XLSX/CSV with the same columns); the record "
        "type is recognised by its fields. All or nothing: every problem is reported with its file, row and field, "
        "and libraries that cannot be placed for sure are listed as PLACES.csv rows with their candidate villages."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="SIM TPBIS files (.json, .xlsx or .csv)")
        parser.add_argument(
            "--places", metavar="PLACES.csv", help="settles unplaced libraries: perpus_nama,village (code or skip)"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and report what would change; write nothing")

    def handle(self, *args, **options):
        started = time.monotonic()
        sources = [(Path(name).name, self._read(name)) for name in options["files"]]
        choices = []
        if options["places"]:
            choices, problems = read_places(Path(options["places"]).name, self._read(options["places"]))
            self._fail_on(problems)
        plan = import_sim(sources, choices=choices, dry_run=options["dry_run"])
        self._fail_on(plan.problems)
        self._report(plan)
        if plan.unplaced:
            for line in places_rows(plan.unplaced):
                self.stdout.write(line)
            raise CommandError(
                _(
                    "Nothing was imported: %(count)s libraries cannot be placed for sure. Keep one row for each in "
                    "the lines above (perpus_nama,village), save them as PLACES.csv and run again with "
                    "--places PLACES.csv."
                )
                % {"count": len(plan.unplaced)}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(_("Imported in %(seconds).1f s.") % {"seconds": elapsed}))

    def _read(self, name: str) -> bytes:
        path = Path(name)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        return path.read_bytes()

    def _fail_on(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(_("Problems: %(count)s; nothing was imported.") % {"count": len(problems)})

    def _report(self, plan: Plan) -> None:
        for kind, label, counts in plan.rows():
            self.stdout.write(
                _("%(type)s (%(label)s): %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {
                    "type": kind,
                    "label": label,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
        if plan.new_libraries or plan.new_cohorts:
            self.stdout.write(
                _("Libraries created: %(libraries)s; cohorts added: %(cohorts)s")
                % {"libraries": len(plan.new_libraries), "cohorts": len(plan.new_cohorts)}
            )
        if plan.left_out:
            self.stdout.write(_("Left out as chosen: %(count)s records") % {"count": plan.left_out})
        for note in plan.notes:
            self.stdout.write(note)
