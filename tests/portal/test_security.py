"""Security headers, the CSP exemption for Wagtail's admin, and production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.accounts.roles import Role
from tests.factories import user_with_role

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_portal_pages_have_a_strict_policy(client):
    client.force_login(user_with_role(Role.STUDENT))
    response = client.get("/portal/")
    policy = csp_directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_wagtail_admin_gets_inline_scripts(client):
    client.force_login(user_with_role(Role.EDITOR))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = csp_directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "nonce-" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/portal/", "/portal/account/"])
def test_our_pages_have_no_inline_scripts_or_styles(client, path):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client.force_login(user_with_role(Role.COORDINATOR))
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script on {path}: {tag}"
    assert "<style" not in html
    assert not re.search(r"\sstyle=\"", html), f"inline style attribute on {path}"


def run_production(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="portal.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_its_secrets():
    result = run_production({}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_production(
        {
            "SECRET_KEY": "too-short",
            "ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        "check",
    )
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_passes_the_deploy_check(tmp_path):
    result = run_production(
        {
            "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
            "ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
