"""The sample SIM TPBIS export of Kabupaten Bangka (19.01), January to March 2026, in SIM's exact format.

Three of its libraries cannot be placed for sure: "Riding Panjang" and "Air Duren" are villages of two
districts each and the scores (``iku``) name no district; "Tiangtarah" is *Tiang Tarah* spelt together,
with no district to confirm it. ``PLACES`` settles them.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

SAMPLE = Path(__file__).parent / "sample" / "19.01"
SAMPLE_FILES = sorted(SAMPLE.glob("*.json"))
UNPLACED = {
    "Perpustakaan Cahaya Riding Panjang": {"19.01.02.2006", "19.01.03.2003"},
    "Perpustakaan Desa Air Duren": {"19.01.04.2009", "19.01.05.2002"},
    "Perpustakaan Desa Tiang Tarah": {"19.01.06.2005"},
}
PLACES = (
    "perpus_nama,village\n"
    "Perpustakaan Cahaya Riding Panjang,19.01.03.2003\n"
    "Perpustakaan Desa Air Duren,19.01.04.2009\n"
    "Perpustakaan Desa Tiang Tarah,19.01.06.2005\n"
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def sources(paths=SAMPLE_FILES) -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in paths]


def sample(kind: str) -> list[dict]:
    return json.loads((SAMPLE / f"{kind}1901.json").read_text())["data"]


def write_sample(directory: Path, **changes) -> list[Path]:
    """The sample's files in ``directory``; ``changes`` replaces a type's rows (``pelibatan=[...]``)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for path in SAMPLE_FILES:
        kind = path.name.removesuffix("1901.json")
        target = directory / path.name
        if kind in changes:
            target.write_text(json.dumps({"status": True, "data": changes[kind]}))
        else:
            target.write_bytes(path.read_bytes())
        paths.append(target)
    return paths


class Run:
    def __init__(self, out: str, err: str, error: str | None):
        self.out, self.err, self.error = out, err, error

    def line(self, kind: str) -> str:
        return next(line for line in self.out.splitlines() if line.startswith(f"{kind} ("))


def run_import(*paths, places: Path | None = None, dry_run: bool = False) -> Run:
    out, err = io.StringIO(), io.StringIO()
    args = [str(p) for p in paths]
    if places is not None:
        args += ["--places", str(places)]
    if dry_run:
        args.append("--dry-run")
    try:
        with translation.override("en"):
            call_command("import_sim", *args, stdout=out, stderr=err)
        error = None
    except CommandError as exc:
        error = str(exc)
    return Run(out.getvalue(), err.getvalue(), error)


@pytest.fixture
def places_file(tmp_path) -> Path:
    path = tmp_path / "PLACES.csv"
    path.write_text(PLACES)
    return path


@pytest.fixture
def imported(db, places_file):
    """The sample imported through the command, its unplaced libraries settled by ``PLACES``."""
    run = run_import(*SAMPLE_FILES, places=places_file)
    assert run.error is None, run.err
    return run
