from django.core.management.base import BaseCommand, CommandError

from foundation.months import parse_period
from reports.models.progress import JobStatus, ReportScope
from reports.progress.compile import CompileError
from reports.progress.jobs import new_job, run_job


class Command(BaseCommand):
    help = "Compile the monthly progress reports of a scope and every scope inside it (the Celery task's code)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The month, YYYY-MM.")
        parser.add_argument("--scope", choices=ReportScope.values, default=ReportScope.NATIONAL)
        parser.add_argument("--code", help="Province or regency code, or the library's id.")
        parser.add_argument("--no-exports", action="store_true", help="Do not render the PDF and Excel files.")

    def handle(self, *args, **options):
        try:
            period = parse_period(options["period"])
        except ValueError as error:
            raise CommandError(f"--period must look like 2021-09, not {options['period']!r}.") from error
        try:
            job = new_job(period, options["scope"], options["code"])
        except CompileError as error:
            raise CommandError(str(error)) from error
        job = run_job(job.pk, exports=not options["no_exports"])
        if job.status != JobStatus.DONE:
            raise CommandError(f"Compile job {job.pk} failed: {job.error}")
        self.stdout.write(
            f"Compiled {job.reports_written} progress reports for {job.get_scope_display()} {job.code}, "
            f"{job.period:%Y-%m} (job {job.pk})."
        )
