"""Each library SIM names placed on its Kemendagri village, and matched to the portal's library there.

SIM names a library's district and village as typed. A village is found by its name in the regency
(spacing and punctuation aside), the district deciding between villages of one name; ``" - "`` is the
regency's own library. In the village the library is the one of the same name, else the only library
there when it is of the same kind (``Perpustakaan Desa Kapuk Kecamatan Bakam`` is Kapuk's village
library), else a new partner library (a reading park for a "Taman Bacaan", a village library otherwise;
a ``B24`` prefix makes it a 2024 cohort). A library already in the portal under that name in a village of
that name is found without more ado.

What cannot be placed for sure is *unplaced*, with its candidate villages: a village name found in two
districts and no district to decide, a name that matches only spelt together with no district to confirm
it, a name found nowhere (the villages spelt closest are offered), a village whose village library is
already another one. A user's choice settles it (``--places`` in the command, the import page) and is
remembered (``SimPlace``) for the next import.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from libraries.choices import LibraryLevel
from libraries.models import District, Library, Village

from .models import SimPlace
from .names import cohort_year, joined, library_key, library_name, words
from .records import Location, Problem, Record
from .vocabulary import level_of

SKIP = "skip"
#: Where the import page's choices come from (a file's name for those of a ``PLACES.csv``).
PAGE = "page"


@dataclass(eq=False)
class Known:
    """A library of the regencies imported: in the portal already (``pk``), or created by this import."""

    pk: int | None
    name: str
    key: str
    level: str
    regency: str
    village: str | None
    district: str | None = None
    cohort_year: int | None = None

    @property
    def is_new(self) -> bool:
        return self.pk is None


@dataclass
class Candidate:
    code: str
    name: str
    district: str
    libraries: list[tuple[int, str]]
    #: What choosing the village does: ``("library", name)``, ``("new", "")`` or ``("taken", name)``.
    outcome: tuple[str, str]


@dataclass
class Unplaced:
    key: str
    regency: str
    name: str
    village: str
    district: str | None
    reason: str
    candidates: list[Candidate]
    rows: int = 0
    files: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Choice:
    """A user's answer for a library: ``library`` (an id), ``village`` (a code) or ``skip``."""

    name_key: str
    regency: str | None
    village_key: str | None
    action: str
    target: str = ""
    origin: str = ""

    def applies(self, regency: str, name_key: str, village_key: str) -> bool:
        return self.name_key == name_key and self.regency in (None, regency) and self.village_key in (None, village_key)


def place_key(regency: str, name_key: str, village_key: str) -> str:
    return f"{regency}|{name_key}|{village_key}"


class Placer:
    """The villages, districts, libraries and remembered places of the regencies imported: four queries."""

    def __init__(self, regencies: set[str]):
        codes = sorted(regencies)
        self.districts = dict(District.objects.filter(regency_id__in=codes).values_list("code", "name"))
        self.villages: dict[str, tuple[str, str, str]] = {}
        self.by_joined: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, name, district, regency in Village.objects.filter(regency_id__in=codes).values_list(
            "code", "name", "district_id", "regency_id"
        ):
            self.villages[code] = (name, district, regency)
            self.by_joined[(regency, joined(name))].append(code)
        self.in_village: dict[str, list[Known]] = defaultdict(list)
        self.regency_library: dict[str, Known] = {}
        self.by_name: dict[tuple[str, str], list[Known]] = defaultdict(list)
        self.by_pk: dict[int, Known] = {}
        for pk, name, level, regency, village, year in Library.objects.filter(regency_id__in=codes).values_list(
            "pk", "name", "level", "regency_id", "village_id", "cohort_year"
        ):
            self._register(Known(pk, name, library_key(name), level, regency, village, cohort_year=year))
        self.remembered = {
            place_key(p.regency_id, p.name_key, p.village_key): p for p in SimPlace.objects.filter(regency_id__in=codes)
        }
        self.planned: dict[tuple, Known] = {}

    def _register(self, known: Known) -> None:
        if known.pk is not None:
            self.by_pk[known.pk] = known
        if known.village:
            self.in_village[known.village].append(known)
        elif known.level == LibraryLevel.REGENCY:
            self.regency_library.setdefault(known.regency, known)
        self.by_name[(known.regency, known.key)].append(known)

    # -- placing -------------------------------------------------------------------------------------

    def place(self, records: list[Record], choices: list[Choice], problems: list[Problem]):
        """Give each library record its library; returns (records placed, unplaced libraries, records left out,
        the choices used by place key)."""
        groups: dict[tuple, list[Record]] = defaultdict(list)
        keys: dict[tuple, tuple] = {}
        for record in records:
            if record.location is None:
                continue
            cache = (record.regency_code, record.location)
            group = keys.get(cache)
            if group is None:
                loc = record.location
                district = None if loc.district is None else joined(loc.district)
                group = keys[cache] = (record.regency_code, library_key(loc.name), joined(loc.village), district)
            groups[group].append(record)
        settled: dict[tuple, Known] = {}
        by_place: dict[tuple, list[Known]] = defaultdict(list)
        unplaced: dict[str, Unplaced] = {}
        skipped: set[tuple] = set()
        used: dict[str, tuple[Choice | SimPlace, str]] = {}
        # Rows with a district first: a row without one (``iku``) then follows the library they placed.
        for group in sorted(groups, key=lambda g: (g[3] is None, g)):
            regency, name_key, village_key, district_key = group
            rows = groups[group]
            loc = rows[0].location
            # Placed for sure by rows naming the district, unless rows of two districts placed it twice.
            places = {id(known): known for known in by_place.get(group[:3], [])} if district_key is None else {}
            found = next(iter(places.values())) if len(places) == 1 else None
            outcome = found or self._auto(regency, name_key, village_key, district_key, loc)
            if isinstance(outcome, Unplaced):
                answer = self._answer(outcome, loc, choices, problems)
                if answer is None:
                    known = unplaced.setdefault(outcome.key, outcome)
                    known.rows += len(rows)
                    known.files.update(record.file for record in rows)
                    continue
                used[outcome.key] = (answer[1], outcome.name)
                if answer[0] == SKIP:
                    skipped.add(group)
                    continue
                outcome = answer[0]
            settled[group] = outcome
            by_place[group[:3]].append(outcome)
        left_out = 0
        for group, rows in groups.items():
            if group in skipped:
                left_out += len(rows)
            elif group in settled:
                for record in rows:
                    record.library = settled[group]
        placed = [record for record in records if record.location is None or record.library is not None]
        return placed, list(unplaced.values()), left_out, used

    def _auto(self, regency: str, name_key: str, village_key: str, district_key: str | None, loc: Location):
        key = place_key(regency, name_key, village_key)
        level = level_of(name_key)
        if not village_key:
            return self.regency_library.get(regency) or self._plan(regency, None, loc.name, LibraryLevel.REGENCY)
        known = [
            k
            for k in self.by_name[(regency, name_key)]
            if k.village and joined(self.villages[k.village][0]) == village_key
        ]
        if district_key:
            known = [k for k in known if self._district_key(k.village) == district_key]
        if len(known) == 1:
            return known[0]
        codes = self.by_joined.get((regency, village_key), [])
        if district_key:
            codes = [c for c in codes if self._district_key(c) == district_key] or codes
        if len(codes) == 1:
            code = codes[0]
            if district_key is None and words(self.villages[code][0]) != words(loc.village):
                reason = _("spelt differently from the village's name, and no district to confirm it")
                return self._unplaced(key, loc, reason, codes, name_key, level)
            return self._settle(code, loc, name_key, level) or self._unplaced(
                key, loc, _("the village already has another village library"), codes, name_key, level
            )
        if codes:
            named = [c for c in codes if any(k.key == name_key for k in self.in_village[c])]
            if len(named) == 1:
                return self._settle(named[0], loc, name_key, level)
            return self._unplaced(key, loc, _("a village of this name is in several districts"), codes, name_key, level)
        return self._unplaced(
            key, loc, _("no village of this name in the regency"), self._close(regency, village_key), name_key, level
        )

    def _district_key(self, village: str) -> str:
        return joined(self.districts.get(self.villages[village][1], ""))

    def _settle(self, code: str, loc: Location, name_key: str, level: str) -> Known | None:
        """The library in village ``code``: same name, else the only one of its kind, else a new one."""
        here = self.in_village[code]
        same = [k for k in here if k.key == name_key]
        if same:
            return same[0]
        existing = [k for k in here if not k.is_new]
        if len(existing) == 1 and existing[0].level == level:
            return existing[0]
        if level == LibraryLevel.VILLAGE and any(k.level == LibraryLevel.VILLAGE for k in here):
            return None
        return self._plan(self.villages[code][2], code, loc.name, level)

    def _plan(self, regency: str, village: str | None, name: str, level: str) -> Known:
        key = (regency, village, library_key(name))
        known = self.planned.get(key)
        if known is None:
            district = self.villages[village][1] if village else None
            known = Known(None, library_name(name), key[2], level, regency, village, district, cohort_year(name))
            self.planned[key] = known
            self._register(known)
        return known

    def _unplaced(self, key, loc, reason, codes, name_key, level) -> Unplaced:
        candidates = []
        for code in codes:
            name, district, _regency = self.villages[code]
            here = self.in_village[code]
            same = next((k for k in here if k.key == name_key), None)
            existing = [k for k in here if not k.is_new]
            if same is not None:
                outcome = ("library", same.name)
            elif len(existing) == 1 and existing[0].level == level:
                outcome = ("library", existing[0].name)
            elif level == LibraryLevel.VILLAGE and any(k.level == LibraryLevel.VILLAGE for k in here):
                outcome = ("taken", next(k.name for k in here if k.level == LibraryLevel.VILLAGE))
            else:
                outcome = ("new", "")
            libraries = [(k.pk, k.name) for k in existing]
            candidates.append(Candidate(code, name, self.districts.get(district, ""), libraries, outcome))
        return Unplaced(key, key.split("|")[0], loc.name, loc.village, loc.district, str(reason), candidates)

    def _close(self, regency: str, village_key: str) -> list[str]:
        names = {vk for (r, vk) in self.by_joined if r == regency}
        close = difflib.get_close_matches(village_key, sorted(names), n=5, cutoff=0.75)
        return [code for vk in close for code in self.by_joined[(regency, vk)]]

    # -- users' answers ------------------------------------------------------------------------------

    def _answer(self, unplaced: Unplaced, loc: Location, choices: list[Choice], problems: list[Problem]):
        """The library a choice (given now, else remembered) settles an unplaced library on, with the choice."""
        regency, name_key, village_key = unplaced.key.split("|")
        given = [c for c in choices if c.applies(regency, name_key, village_key)]
        if given:
            choice = given[0]
            settled = self._choose(choice.action, choice.target, regency, loc, name_key)
            if settled is None:
                # A choice on the page was among the candidates offered: if it no longer fits (another import
                # placed a library there meanwhile), the library is offered again.
                if choice.origin != PAGE:
                    message = self._refusal(choice.target, loc)
                    problems.append(Problem(choice.origin, 0, "village", message, choice.target))
                return None
            return settled, choice
        remembered = self.remembered.get(unplaced.key)
        if remembered is not None:
            if remembered.skip:
                action, target = SKIP, ""
            elif remembered.library_id:
                action, target = "library", str(remembered.library_id)
            else:
                action, target = "village", remembered.village_id
            settled = self._choose(action, target, regency, loc, name_key)
            if settled is not None:
                return settled, remembered
        return None

    def _choose(self, action: str, target: str, regency: str, loc: Location, name_key: str):
        if action == SKIP:
            return SKIP
        if action == "library":
            known = self.by_pk.get(int(target)) if str(target).isdigit() else None
            return known if known is not None and known.regency == regency else None
        village = self.villages.get(target)
        if village is None or village[2] != regency:
            return None
        return self._settle(target, loc, name_key, level_of(name_key))

    def _refusal(self, target: str, loc: Location) -> str:
        village = self.villages.get(target)
        if village is None:
            return str(
                _("%(target)s is not a village or library of the regency/city of %(library)s.")
                % {"target": target, "library": loc.name}
            )
        return str(
            _("%(village)s already has another village library: choose that library or leave %(library)s out.")
            % {"village": village[0], "library": loc.name}
        )
