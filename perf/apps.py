from django.apps import AppConfig


class PerfConfig(AppConfig):
    """Only for ``manage.py generate_data``: the synthetic data the benchmarks measure."""

    name = "perf"
    verbose_name = "Performance"
