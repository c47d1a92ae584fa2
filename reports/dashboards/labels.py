"""Words and layouts the dashboard pages share: states of a month's report, record lists, the tile map."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reports.models.progress import ReportScope

#: The 38 provinces on a grid that keeps their places on the map: code -> (row, column, short name).
PROVINCE_GRID = {
    "11": (0, 0, "ACEH"), "12": (1, 1, "SUMUT"), "14": (1, 2, "RIAU"), "21": (1, 3, "KEPRI"),
    "13": (2, 1, "SUMBAR"), "15": (2, 2, "JAMBI"), "19": (2, 4, "BABEL"), "17": (3, 2, "BKL"),
    "16": (3, 3, "SUMSEL"), "18": (4, 3, "LPG"), "31": (4, 4, "DKI"), "36": (5, 3, "BTN"),
    "32": (5, 4, "JABAR"), "33": (5, 5, "JTG"), "34": (6, 5, "DIY"), "35": (5, 6, "JTM"),
    "51": (5, 7, "BALI"), "52": (5, 8, "NTB"), "53": (5, 9, "NTT"), "61": (2, 5, "KALBAR"),
    "62": (2, 6, "KALTENG"), "63": (3, 6, "KALSEL"), "64": (1, 7, "KALTIM"), "65": (0, 7, "KALTARA"),
    "76": (3, 8, "SULBAR"), "73": (4, 8, "SULSEL"), "72": (2, 9, "SULTENG"), "75": (1, 9, "GTLO"),
    "71": (1, 10, "SULUT"), "74": (4, 9, "SULTRA"), "82": (1, 11, "MALUT"), "81": (3, 11, "MALUKU"),
    "96": (2, 12, "PBD"), "92": (2, 13, "PABAR"), "94": (3, 13, "PATENG"), "91": (2, 14, "PAPUA"),
    "95": (3, 14, "PAPEG"), "93": (4, 14, "PASEL"),
}  # fmt: skip


STATE_LABELS = {
    "on_time": _("On time"),
    "late": _("Late"),
    "unknown": _("From SIM TPBIS, timeliness unknown"),
    "missing": _("Missing"),
    "not_due": _("Not yet due"),
    "not_expected": _("Not expected"),
}


RECORD_LABELS = {
    "all": _("All libraries"),
    "expected": _("Libraries expected to report"),
    "submitted": _("Reports submitted"),
    "on_time": _("Reports submitted on time"),
    "late": _("Reports submitted late"),
    "unknown": _("Reports received from SIM TPBIS (timeliness unknown)"),
    "missing": _("Missing reports"),
    "partners": _("Partner libraries (scored or not)"),
    "green": _("KPI green"),
    "yellow": _("KPI yellow"),
    "red": _("KPI red"),
    "not_scored": _("Partners not yet scored"),
}


SCOPE_HEADINGS = {
    ReportScope.NATIONAL: _("National dashboard"),
    ReportScope.PROVINCE: _("Province dashboard"),
    ReportScope.REGENCY: _("Regency/city dashboard"),
    ReportScope.LIBRARY: _("Library dashboard"),
}


HEATMAP_HEADINGS = {
    ReportScope.NATIONAL: _("Completeness by province and month"),
    ReportScope.PROVINCE: _("Completeness by regency/city and month"),
    ReportScope.REGENCY: _("Reports of each library by month"),
    ReportScope.LIBRARY: _("Reports of the library by month"),
}


CHILDREN_HEADINGS = {
    ReportScope.NATIONAL: _("By province"),
    ReportScope.PROVINCE: _("By regency/city"),
    ReportScope.REGENCY: _("By library"),
}


CHILD_LABELS = {
    ReportScope.NATIONAL: _("Province"),
    ReportScope.PROVINCE: _("Regency/city"),
    ReportScope.REGENCY: _("Library"),
}
