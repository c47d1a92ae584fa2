import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from libraries.importing import FileError, LibraryImport


class Command(BaseCommand):
    help = (
        "Import libraries from a CSV or XLSX file (columns as in the template on the import page). "
        "All or nothing: every bad row is reported with its row number and column, and then nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, save nothing")
        parser.add_argument(
            "--user",
            help="import as this user: their area limits the rows, and the history names them (default: national)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(_("No active user %(username)s") % {"username": options["user"]})
        started = time.monotonic()
        importer = LibraryImport(user)
        try:
            result = importer.validate(importer.read(str(path)))
        except FileError as exc:
            raise CommandError(str(exc)) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            rows = len({e.row for e in result.errors})
            raise CommandError(
                _("Rows with problems: %(rows)s (problems in all: %(errors)s); nothing imported.")
                % {"rows": rows, "errors": len(result.errors)}
            )
        if options["dry_run"]:
            self.stdout.write(
                _("%(count)s libraries would be imported from %(file)s (dry run).")
                % {"count": len(result.objects), "file": path.name}
            )
            return
        saved = importer.save(result, path.name)
        elapsed = time.monotonic() - started
        message = _("%(count)s libraries imported from %(file)s in %(seconds).1f s.")
        self.stdout.write(self.style.SUCCESS(message % {"count": len(saved), "file": path.name, "seconds": elapsed}))
