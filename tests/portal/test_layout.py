"""The same shape in every app (issue 14, requirement 3): forms, selectors,
services, views and api are packages; templates sit in a folder per part; one
name for the dashboard module; no Python file over 400 lines outside migrations
and demo seed data."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = {
    "placements": ROOT / "placements",
    "casework": ROOT / "placements" / "casework",
    "supervision": ROOT / "supervision",
}
PACKAGES = ("forms", "selectors", "services", "views", "api")
MAX_LINES = 400
EXEMPT = {"seed.py"}  # demo seed data


def python_files():
    for folder in ("portal", "placements", "supervision", "cms", "lifestory"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts and path.name not in EXEMPT:
                yield path


@pytest.mark.parametrize("app", sorted(APPS))
def test_each_app_has_the_same_packages(app):
    folder = APPS[app]
    for package in PACKAGES:
        assert (folder / package / "__init__.py").exists(), f"{app} has no {package}/ package"
        assert not (folder / f"{package}.py").exists(), f"{app}/{package}.py beside the package"
    assert not list(folder.glob("forms_*.py")), f"{app} keeps forms outside forms/"


@pytest.mark.parametrize("app", sorted(APPS))
def test_templates_sit_in_a_folder_per_part(app):
    templates = APPS[app] / "templates" / app
    loose = sorted(p.name for p in templates.glob("*.html"))
    assert loose == [], f"{app}'s templates outside a part's folder: {loose}"


@pytest.mark.parametrize("app", sorted(APPS))
def test_the_dashboard_module_has_one_name(app):
    folder = APPS[app]
    assert (folder / "dashboard.py").exists() or (folder / "dashboard" / "__init__.py").exists()
    assert not (folder / "panels").exists()


def test_no_python_file_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in python_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"Split these by sub-domain: {long}"


def test_the_walk_reads_the_apps():
    found = {str(p.relative_to(ROOT)) for p in python_files()}
    assert "placements/services/ledger.py" in found
    assert "placements/seed.py" not in found
    assert not any("/migrations/" in name for name in found)
