"""The same shape in every app (issue 14, requirement 3): forms, selectors,
services, views and api are packages; templates sit in a folder per part; one
name for the dashboard module; no Python file over 400 lines outside migrations
and demo seed data; no view catches ValidationError itself."""

import ast
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


# ValidationError and the portal's refusals built on it (RecordLocked, TransitionNotAllowed).
REFUSALS = {"ValidationError", "RecordLocked", "TransitionNotAllowed"}
# The one place that turns a service's refusal into a page (docs/architecture.md,
# "Forms, pages, API"): ServiceFormMixin, run_action, run_or_refuse.
REFUSAL_MACHINERY = ROOT / "portal" / "views.py"


def view_modules():
    for path in python_files():
        parts = path.relative_to(ROOT).parts
        if (path.name == "views.py" or "views" in parts[:-1]) and path != REFUSAL_MACHINERY:
            yield path


def caught_refusals(source: str) -> list[int]:
    """The line of each `except` in `source` that names a refusal."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ExceptHandler) or node.type is None:
            continue
        names = {
            part.id if isinstance(part, ast.Name) else part.attr
            for part in ast.walk(node.type)
            if isinstance(part, ast.Name | ast.Attribute)
        }
        if names & REFUSALS:
            lines.append(node.lineno)
    return lines


def test_no_view_catches_validation_error_itself():
    caught = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in view_modules()
        for line in caught_refusals(path.read_text(encoding="utf-8"))
    ]
    assert caught == [], (
        "Hand the service to portal.views (ServiceFormMixin, run_action, run_or_refuse) "
        f"instead of catching its refusal: {caught}"
    )


def test_the_view_walk_reads_the_views_and_finds_a_catch():
    found = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert {"supervision/views/sessions.py", "portal/accounts/views.py"} <= found
    assert "portal/views.py" not in found
    assert caught_refusals("try:\n    pass\nexcept ValidationError as error:\n    pass\n") == [3]
    assert caught_refusals("try:\n    pass\nexcept (KeyError, locking.RecordLocked):\n    pass\n")
    assert caught_refusals("try:\n    pass\nexcept (KeyError, PermissionDenied):\n    pass\n") == []
