"""Security headers, the CSP exemption for Wagtail's admin, and production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.usefixtures("demo_data")
class TestOnTheDemoData:
    @pytest.mark.parametrize("path", ["/", "/accounts/login/", "/portal/", "/portal/account/"])
    def test_our_pages_have_no_inline_scripts_or_styles(self, client, path):
        client.force_login(user_with_role(Role.COORDINATOR))
        html = client.get(path).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script on {path}: {tag}"
        assert "<style" not in html
        assert not re.search(r"\sstyle=\"", html), f"inline style attribute on {path}"


PRODUCTION_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
    "DJANGO_SETTINGS_MODULE",
}


def run_production(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_VARIABLES}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE="portal.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_environment(tmp_path) -> dict[str, str]:
    return {
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
    }


def test_production_refuses_to_start_without_its_secrets():
    result = run_production({}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL" in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = run_production(
        {**production_environment(tmp_path), "SECRET_KEY": "too-short"}, "check"
    )
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


@pytest.mark.parametrize("missing", ["REDIS_URL", "ALLAUTH_TRUSTED_PROXY_COUNT"])
def test_production_refuses_to_start_without_redis_or_an_explicit_proxy_count(tmp_path, missing):
    environment = production_environment(tmp_path)
    del environment[missing]

    result = run_production(environment, "check")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"need these environment variables: {missing}." in result.stderr


def test_production_takes_a_proxy_count_of_zero_but_not_a_guess(tmp_path):
    zero = run_production(
        {**production_environment(tmp_path), "ALLAUTH_TRUSTED_PROXY_COUNT": "0"}, "check"
    )
    assert zero.returncode == 0, zero.stderr

    guess = run_production(
        {**production_environment(tmp_path), "ALLAUTH_TRUSTED_PROXY_COUNT": "some"}, "check"
    )
    assert guess.returncode != 0
    assert "ALLAUTH_TRUSTED_PROXY_COUNT must be a whole number" in guess.stderr


def test_production_passes_the_deploy_check(tmp_path):
    result = run_production(
        production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def run_python(code: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_celery_worker_without_a_settings_module_refuses_to_start():
    celery = Path(sys.executable).with_name("celery")

    result = subprocess.run(
        [str(celery), "-A", "portal", "worker", "--pool=solo", "--loglevel=ERROR"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr

    # Only configuring refuses: the web server imports the package before choosing
    # its settings (portal.wsgi), and a worker given them starts as before.
    imported = run_python("import portal.celery")
    assert imported.returncode == 0, imported.stderr
    configured = run_python(
        "from portal.celery import app; print(app.conf.task_always_eager)",
        DJANGO_SETTINGS_MODULE="portal.settings.test",
    )
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.strip() == "True"
