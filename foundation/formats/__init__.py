"""The portal's date formats, one per language (``FORMAT_MODULE_PATH``): ``21 Sep 2021`` and ``21 Sep 2021 14:30``.

Django looks here first and falls back to its own locale formats (separators, input formats) for
everything not named. Numbers, percentages and rupiah are written by ``foundation.formatting``.
"""
