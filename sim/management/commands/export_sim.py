from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from libraries.models import Regency
from libraries.models.geography import is_region_code
from sim.exporting import MAX_MONTHS, export_files, parse_range, write_dir


class Command(BaseCommand):
    help = (
        "Write a regency's records in SIM TPBIS's format, one JSON file per record type "
        "(pelibatan1901.json, advokasi1901.json, …), for the months given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regency", required=True, metavar="CODE", help="the regency/city's code, e.g. 19.01")
        parser.add_argument("--period", required=True, metavar="YYYY-MM[..YYYY-MM]", help="a month or a range")
        parser.add_argument("dir", metavar="DIR", help="the folder to write the files in (created if missing)")

    def handle(self, *args, **options):
        code = options["regency"]
        regency = Regency.objects.select_related("province").filter(code=code).first() if is_region_code(code) else None
        if regency is None:
            raise CommandError(_("No regency/city with the code %(code)s.") % {"code": code})
        try:
            first, last = parse_range(options["period"])
        except ValueError:
            raise CommandError(
                _("The period must be YYYY-MM or YYYY-MM..YYYY-MM (at most %(months)s months), e.g. 2026-01..2026-03.")
                % {"months": MAX_MONTHS}
            ) from None
        files = export_files(regency, first, last)
        directory = Path(options["dir"])
        try:
            write_dir(directory, files)
        except OSError as exc:
            raise CommandError(_("Cannot write to %(dir)s: %(reason)s") % {"dir": directory, "reason": exc}) from exc
        for name, content in files.items():
            self.stdout.write(f"{directory / name} ({len(content):,} bytes)")
