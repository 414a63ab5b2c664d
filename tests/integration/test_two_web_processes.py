"""Two web nodes, one PostgreSQL, one Redis (issue 20, requirement 6; docs/deployment.md).

Two gunicorn processes serve the portal from the test database pytest-django
made, as two machines behind a proxy would: they share nothing but PostgreSQL
and Redis. A page published through one node's Wagtail admin is what visitors
of the other node get next (the page cache is in Redis and a publish starts a
new generation there), and the public referral form's per-client limit counted
on one node is enforced by the other. Both nodes receive the same Host header,
as they would from the proxy.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.cms.public_site_fixtures import build_public_site
from tests.factories import PASSWORD, user_with_role
from tests.integration.conftest import BASE_DIR, _database_url, _tail
from tests.migration_data import restore_migration_data

pytestmark = pytest.mark.integration

GUNICORN = Path(sys.executable).with_name("gunicorn")
HOST = "testserver"  # what the proxy passes on; the public site's Site is on it
START_TIMEOUT = 60  # seconds for a node to answer /healthz (a loaded CI machine)
STOP_TIMEOUT = 10
REQUEST_TIMEOUT = 15
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class WebNode:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, session: requests.Session, path: str, **kwargs) -> requests.Response:
        return session.get(
            self.url(path), headers={"Host": HOST}, timeout=REQUEST_TIMEOUT, **kwargs
        )

    def post(self, session: requests.Session, path: str, data: dict, **kwargs):
        return session.post(
            self.url(path),
            data=data,
            headers={"Host": HOST, "Referer": f"http://{HOST}{path}"},
            timeout=REQUEST_TIMEOUT,
            allow_redirects=False,
            **kwargs,
        )


def _listening_socket() -> socket.socket:
    """A socket already bound to a free port: gunicorn is handed it (fd://), so no
    other process can take the port between choosing and binding it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def _start(name: str, environment: dict, log_dir: Path) -> WebNode:
    sock = _listening_socket()
    log_path = log_dir / f"{name}.log"
    command = [
        str(GUNICORN),
        "portal.wsgi",
        "--bind",
        f"fd://{sock.fileno()}",
        "--workers",
        "1",
        "--timeout",
        "30",
        "--graceful-timeout",
        "2",
        "--access-logfile",
        "-",
        "--name",
        f"integration-{name}",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            pass_fds=(sock.fileno(),),
        )
    node = WebNode(name, sock.getsockname()[1], process, log_path)
    sock.close()  # gunicorn holds its own copy
    return node


def _wait_until_healthy(node: WebNode) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if node.process.poll() is not None:
            pytest.fail(
                f"Web node {node.name} exited with code {node.process.returncode}. "
                f"Last lines of {node.log}:\n{_tail(node.log)}",
                pytrace=False,
            )
        try:
            response = requests.get(node.url("/healthz"), headers={"Host": HOST}, timeout=2)
            if response.status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                f"Web node {node.name} did not answer /healthz within {START_TIMEOUT} s. "
                f"Last lines of {node.log}:\n{_tail(node.log)}",
                pytrace=False,
            )
        time.sleep(0.2)


def _stop(node: WebNode) -> None:
    if node.process.poll() is None:
        node.process.terminate()
        try:
            node.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="module")
def web_nodes(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two gunicorn processes ("a" and "b") on free ports, on the test database and
    the Redis cache and broker of this run; stopped (killed if need be) afterwards."""
    from django.db import connection

    with django_db_blocker.unblock():
        database_url = _database_url(connection.settings_dict)
    assert connection.settings_dict["NAME"].startswith("test_")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
    }
    log_dir = tmp_path_factory.mktemp("web-nodes")
    nodes = []
    try:
        for name in ("a", "b"):
            nodes.append(_start(name, environment, log_dir))
        for node in nodes:
            _wait_until_healthy(node)
        yield tuple(nodes)
    finally:
        for node in nodes:
            _stop(node)


def _csrf_token(response: requests.Response) -> str:
    match = CSRF_FIELD.search(response.text)
    shown = response.text[-3000:]
    assert match, f"no CSRF token on {response.url} ({response.status_code}):\n{shown}"
    return match.group(1)


def _sign_in(node: WebNode, session: requests.Session, email: str) -> None:
    page = node.get(session, "/accounts/login/")
    response = node.post(
        session,
        "/accounts/login/",
        {"csrfmiddlewaretoken": _csrf_token(page), "login": email, "password": PASSWORD},
    )
    assert response.status_code == 302, f"sign-in on {node.name} failed:\n{_tail(node.log)}"


def test_a_publish_through_one_node_reaches_visitors_of_the_other_at_once(
    web_nodes, transactional_db
):
    from portal.accounts.roles import Role

    node_a, node_b = web_nodes
    restore_migration_data()
    site = build_public_site()
    path = site.page.url
    visitor = requests.Session()

    first = node_b.get(visitor, path)
    assert first.status_code == 200, _tail(node_b.log)
    assert first.headers["X-Page-Cache"] == "miss"
    assert "How we use feedback" in first.text
    # One copy in Redis for both nodes: node a answers from what node b stored.
    assert node_a.get(visitor, path).headers["X-Page-Cache"] == "hit"
    assert node_b.get(visitor, path).headers["X-Page-Cache"] == "hit"

    # An editor's draft: saved, not published, so visitors still get the copy.
    page = site.page.specific
    page.title = "How we use your answers"
    page.save_revision()
    assert "How we use your answers" not in node_b.get(visitor, path).text

    # The editor publishes it through node a's Wagtail admin.
    editor = requests.Session()
    # A superuser, so what the editor may publish does not depend on page permissions
    # or workflows left by the suite's earlier tests: only the nodes are under test.
    admin = user_with_role(Role.ADMIN)
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    _sign_in(node_a, editor, admin.email)
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/"
    confirm = node_a.get(editor, publish)
    assert confirm.status_code == 200, _tail(node_a.log)
    done = node_a.post(editor, publish, {"csrfmiddlewaretoken": _csrf_token(confirm)})
    assert done.status_code == 302, _tail(node_a.log)

    # Node b's very next answer is the published page, rendered afresh.
    after = node_b.get(visitor, path)
    assert after.status_code == 200
    assert after.headers["X-Page-Cache"] == "miss"
    assert "How we use your answers" in after.text
    assert node_a.get(visitor, path).headers["X-Page-Cache"] == "hit"


def test_the_referral_forms_limit_counted_on_one_node_is_enforced_by_the_other(
    web_nodes, transactional_db
):
    from placements.programmes.models import Referral
    from tests.programmes.support import pocar

    node_a, node_b = web_nodes
    restore_migration_data()
    programme = pocar()
    path = f"/programmes/{programme.slug}/refer/"
    limit = int(settings.ACCOUNT_RATE_LIMITS["programme_referral_client"].split("/")[0])
    browser = requests.Session()
    token = _csrf_token(node_a.get(browser, path))

    # "Add another child" is a POST like sending: each one counts, nothing is kept.
    for number in range(limit):
        answered = node_a.post(
            browser, path, {"csrfmiddlewaretoken": token, "child_rows": "1", "add_child": "1"}
        )
        assert answered.status_code == 200, f"post {number + 1} on node a: {answered.status_code}"
        assert 'name="child_2_name"' in answered.text

    # Node b has not seen this client before, and still refuses it: the count is shared.
    refused = node_b.post(
        browser,
        path,
        {
            "csrfmiddlewaretoken": token,
            "referrer_name": "Rowan Referrer",
            "referrer_email": "rowan@midshire.example.org",
            "child_rows": "1",
            "website": "",
        },
    )
    assert refused.status_code == 429, _tail(node_b.log)
    assert not Referral.objects.exists()
