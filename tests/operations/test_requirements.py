"""The locks: production installs only what the portal runs, every package pinned with its hashes.

``make run`` (and a server) installs requirements.txt alone, with ``--require-hashes``; ``make test`` adds
requirements-dev.txt. These tests read the locks, the installed packages' own dependency lists and what
``make`` would run, so they need no network.
"""

import re
import subprocess
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-playwright",
    "playwright",
    "locust",
    "schemathesis",
    "hypothesis",
    "ruff",
    "pypdf",
    "import-linter",
    "pip-tools",
    # what the load-test and browser tools bring
    "gevent",
    "flask",
    "pyzmq",
    "greenlet",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def lock(name: str) -> dict[str, str]:
    """``{package: version}`` of a lock file, checking that each entry is pinned and hashed."""
    pins = {}
    for entry in re.split(r"\n(?=\S)", (ROOT / name).read_text()):
        if not entry.strip() or entry.startswith("#"):
            continue
        match = PIN.match(entry)
        assert match, f"{name}: not pinned with ==: {entry.splitlines()[0]}"
        assert "--hash=sha256:" in entry, f"{name}: {match[1]} has no hash"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def top_level(name: str) -> list[Requirement]:
    requirements = []
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirements.append(Requirement(line))
    return requirements


def closure(requirements: list[Requirement]) -> set[str]:
    """Every distribution these requirements pull in, from the installed packages' metadata."""
    seen: set[str] = set()
    todo = [(requirement, frozenset(requirement.extras)) for requirement in requirements]
    while todo:
        requirement, extras = todo.pop()
        name = canonicalize_name(requirement.name)
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        for text in metadata.requires(requirement.name) or []:
            dependency = Requirement(text)
            environments = [{**default_environment(), "extra": extra} for extra in extras or {""}]
            if dependency.marker is None or any(dependency.marker.evaluate(env) for env in environments):
                todo.append((dependency, frozenset(dependency.extras)))
    return {key.split("[")[0] for key in seen}


def test_every_locked_package_is_pinned_with_hashes_and_versions_agree():
    production, development = lock("requirements.txt"), lock("requirements-dev.txt")
    assert len(production) > 50 and len(development) > 30
    shared = production.keys() & development.keys()
    assert shared, "the development lock is compiled against the production lock"
    assert {name: production[name] for name in shared} == {name: development[name] for name in shared}


def test_production_lock_holds_no_test_tool():
    production = lock("requirements.txt")
    assert not TEST_TOOLS & production.keys()
    assert "django-import-export" not in production
    assert TEST_TOOLS - {"greenlet"} <= lock("requirements-dev.txt").keys()


def test_production_lock_is_complete():
    """Everything requirements.in pulls in is in the lock, so ``pip install --require-hashes`` finds no gap."""
    needed = closure(top_level("requirements.in"))
    assert needed - lock("requirements.txt").keys() == set()
    assert not needed & TEST_TOOLS
    dev_needed = closure(top_level("requirements-dev.in"))
    # pip-tools needs pip and setuptools, which make upgrades in the venv before installing the locks.
    locked = lock("requirements.txt").keys() | lock("requirements-dev.txt").keys() | {"pip", "setuptools"}
    assert dev_needed - locked == set()


def make_dry_run(target: str, tmp_path: Path) -> str:
    """What ``make TARGET`` would run in a fresh clone (no .venv yet), without running it."""
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    done = subprocess.run(["make", "--dry-run", target], cwd=tmp_path, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_run_installs_only_the_production_lock_with_hashes(tmp_path):
    commands = make_dry_run("run", tmp_path)
    installs = [line for line in commands.splitlines() if "pip install" in line]
    assert any("--upgrade pip setuptools" in line for line in installs)
    locked = [line for line in installs if " -r " in line]
    assert locked == [line for line in locked if "--require-hashes -r requirements.txt" in line] and locked
    assert "requirements-dev" not in commands


def test_make_test_installs_both_locks(tmp_path):
    commands = make_dry_run("pytest", tmp_path)
    assert "--require-hashes -r requirements.txt -r requirements-dev.txt" in commands
