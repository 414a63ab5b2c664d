"""Dependencies run one way (docs/architecture.md): the import-linter contracts in
pyproject.toml hold today, and `lint-imports` fails as soon as a forbidden import is
added, including one inside a function.

Each refusal runs `lint-imports` on a copy of the apps' Python files with one import
added, so the real tree is never touched. No database; about a second a run.
Templates are held to the same rule by reading their include, extends and load tags.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "cms", "placements", "supervision", "lifestory")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

KERNEL = "portal and cms import no portal app (the composition root aside)"
PLACEMENTS = "placements imports neither casework, supervision nor lifestory"
INDEPENDENT = "supervision and casework do not import each other"
LIFESTORY = "only the composition root imports lifestory"


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first, so the copy's packages are analysed, not the installed ones.
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(project / "pyproject.toml")],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_of_the_apps(destination: Path) -> Path:
    """The apps' Python files and pyproject.toml (where the contracts are)."""

    def not_python(folder, names):
        return [
            name
            for name in names
            if name == "__pycache__"
            or (not name.endswith(".py") and not (Path(folder) / name).is_dir())
        ]

    for package in PACKAGES:
        shutil.copytree(ROOT / package, destination / package, ignore=not_python)
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in (KERNEL, PLACEMENTS, INDEPENDENT, LIFESTORY):
        assert f"{contract} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "added", "broken"),
    [
        # The violations issue 14 removed, each put back.
        (
            "placements/oversight.py",
            "from supervision.selectors.sessions import supervision_gaps_for",
            PLACEMENTS,
        ),
        (
            "placements/timeline.py",
            "def _later():\n    from supervision.timeline import supervision_events",
            PLACEMENTS,
        ),
        (
            "placements/services/anonymisation.py",
            "from placements.casework import selectors",
            PLACEMENTS,
        ),
        ("portal/dashboard.py", "import placements.dashboard", KERNEL),
        ("cms/models/pages.py", "from supervision.models import SupervisionSession", KERNEL),
        (
            "supervision/dashboard.py",
            "from placements.casework.selectors import names_on_work",
            INDEPENDENT,
        ),
        (
            "placements/casework/selectors/__init__.py",
            "import supervision.selectors.sessions",
            INDEPENDENT,
        ),
        ("supervision/seed.py", "import lifestory.apps", LIFESTORY),
    ],
)
def test_a_forbidden_import_fails_lint_imports(tmp_path, module, added, broken):
    project = copy_of_the_apps(tmp_path)
    with (project / module).open("a") as source:
        source.write(f"\n\n{added}\n")
    result = lint_imports(project)
    assert result.returncode != 0, result.stdout
    assert f"{broken} BROKEN" in result.stdout, result.stdout


# Templates follow the same rule: an app's templates include, extend or load no
# template or tag library of an app it may not import.
TEMPLATE_FOLDERS = {
    "portal/templates": {"placements", "supervision", "casework", "lifestory"},
    "cms/templates": {"placements", "supervision", "casework", "lifestory"},
    "placements/templates": {"supervision", "casework", "lifestory"},
    "supervision/templates": {"casework", "lifestory"},
    "placements/casework/templates": {"supervision", "lifestory"},
}
TEMPLATE_REFERENCE = re.compile(
    r"{%\s*(?:(?:include|extends)\s+[\"'](\w+)/|load\s+((?:\w+\s+)*\w+)\s*%})"
)


def test_templates_use_no_template_of_a_later_app():
    found = []
    for folder, forbidden in TEMPLATE_FOLDERS.items():
        for template in sorted((ROOT / folder).rglob("*.html")):
            for match in TEMPLATE_REFERENCE.finditer(template.read_text()):
                named = {match[1]} if match[1] else {lib.split("_")[0] for lib in match[2].split()}
                if named & forbidden:
                    found.append(f"{template.relative_to(ROOT)}: {match[0]}")
    assert found == []
