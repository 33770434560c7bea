"""`archivist serve` in a subprocess, over real HTTP: gunicorn, the site's protection, the outbox worker.

On PostgreSQL the servers use the run's test database (emptied afterwards); on SQLite each its own
archive file.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import DEMO_AUTHORITIES, SEED

ARCHIVIST = Path(sys.executable).with_name("archivist")
START_TIMEOUT = 60.0
PUBLIC_HOST = "archive.example.org"


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    home: Path
    env: dict[str, str]
    log: Path

    def request(self, path: str, method: str = "GET", body: str | None = None,
                headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        connection.close()
        return response

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(home: Path, database: dict[str, str], **settings: str) -> Server:
    """`archivist serve` on a free port, once it answers."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("ARCHIVIST_")}
    env.update(database, ARCHIVIST_HOME=str(home), **settings)
    port, log = _free_port(), home.with_suffix(".log")
    with log.open("w") as out:
        process = subprocess.Popen([str(ARCHIVIST), "serve", "--port", str(port), "--workers", "1",
                                    "--threads", "2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(process, port, home, env, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, server.logged()
        try:
            server.request("/robots.txt")
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    pytest.fail(f"the server did not answer within {START_TIMEOUT} s:\n{server.logged()}")


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(60)


def outbox_workers(server: Server) -> list[int]:
    """The pids of the outbox workers started so far, first to last."""
    return [int(pid) for pid in re.findall(r"Outbox worker started \(pid: (\d+)\)", server.logged())]


@pytest.fixture(scope="module")
def database(request):
    """The servers' DATABASE_URL: on PostgreSQL the test database, emptied afterwards."""
    if not os.environ.get("DATABASE_URL"):
        yield {"DATABASE_URL": ""}
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    from django.core.management import call_command
    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}")
    yield {"DATABASE_URL": url.geturl()}
    with blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    """A server without ARCHIVIST_BASE_URL: it names the address it serves."""
    running = start_server(tmp_path_factory.mktemp("serve") / "home", database)
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def proxied(database, tmp_path_factory):
    """A server behind a (pretended) TLS proxy, answering as https://archive.example.org."""
    running = start_server(tmp_path_factory.mktemp("proxied") / "home", database,
                           ARCHIVIST_BASE_URL=f"https://{PUBLIC_HOST}", ARCHIVIST_HSTS_SECONDS="3600")
    yield running
    stop_server(running)


def test_pages_answer_with_a_content_security_policy_and_no_server_version(server):
    for path in ("/", "/search?q=cable", "/people", "/dates", "/admin/login/"):
        response = server.request(path)
        assert response.status == 200, path
        policy = response.getheader("Content-Security-Policy")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert not re.search(r"\d", response.getheader("Server", "")), response.getheader("Server")


def test_static_files_are_served(server):
    for path in ("/static/archivist/site.css", "/static/admin/css/base.css"):
        response = server.request(path)
        assert response.status == 200, path
        assert response.getheader("Content-Type").startswith("text/css")


def test_links_name_the_port_served_when_no_base_url_is_set(server):
    base = f"http://127.0.0.1:{server.port}"
    assert f"Sitemap: {base}/sitemap.xml" in server.request("/robots.txt").text
    assert f"<loc>{base}/sitemaps/documents-1.xml</loc>" in server.request("/sitemap.xml").text


def test_only_the_base_urls_host_and_localhost_are_answered(server):
    assert server.request("/", headers={"Host": "evil.example"}).status == 400
    assert server.request("/", headers={"Host": f"localhost:{server.port}"}).status == 200


def test_refused_hosts_and_missing_pages_leave_no_line_in_the_log(server):
    assert server.request("/", headers={"Host": "refused.example"}).status == 400
    assert server.request("/no-such-page-anywhere").status == 404
    time.sleep(0.5)
    assert "refused.example" not in server.logged()
    assert "no-such-page-anywhere" not in server.logged()


def test_the_outbox_worker_brings_search_up_to_date_without_any_request(server):
    """Records stored with no catch-up after them (as by the admin) are indexed by the worker alone."""
    store = ("import sys; from pathlib import Path; from archivist.bootstrap import open_archive; "
             "open_archive(); from archivist.ingest.pipeline import ingest; "
             "failed = [r.error for r in ingest([Path(p) for p in sys.argv[1:]]) if r.error]; "
             "sys.exit(str(failed) if failed else 0)")
    subprocess.run([sys.executable, "-c", store, str(DEMO_AUTHORITIES), str(SEED)], env=server.env,
                   check=True, timeout=120)
    deadline = time.monotonic() + 20
    while not re.search(r"\d+ changes? applied to the search index", server.logged()):
        assert time.monotonic() < deadline, server.logged()
        time.sleep(0.2)
    found = json.loads(server.request("/search.json?q=" + "Mao+Zedong+Central+Committee").text)
    assert "110390" in json.dumps(found)
    assert server.request("/documents/110390").status == 200


def test_an_outbox_worker_that_dies_is_started_again(server):
    os.kill(outbox_workers(server)[-1], signal.SIGKILL)
    deadline = time.monotonic() + 20
    while len(outbox_workers(server)) < 2:
        assert time.monotonic() < deadline, server.logged()
        time.sleep(0.2)
    os.kill(outbox_workers(server)[-1], 0)  # alive


def test_files_of_the_archive_are_readable_by_their_owner_only(server):
    assert stat.S_IMODE(server.home.stat().st_mode) == 0o700
    files = ["secret_key"] + [path.name for path in server.home.glob("archive.sqlite3*")]
    assert ("archive.sqlite3" in files) == (not server.env["DATABASE_URL"])
    for name in files:
        assert stat.S_IMODE((server.home / name).stat().st_mode) == 0o600, name


def test_behind_a_tls_proxy_plain_http_is_redirected_and_https_gets_hsts(proxied):
    plain = proxied.request("/", headers={"Host": PUBLIC_HOST})
    assert (plain.status, plain.getheader("Location")) == (301, f"https://{PUBLIC_HOST}/")
    secure = proxied.request("/", headers={"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"})
    assert secure.status == 200
    assert secure.getheader("Strict-Transport-Security") == "max-age=3600; includeSubDomains"
    assert f"Sitemap: https://{PUBLIC_HOST}/sitemap.xml" in proxied.request(
        "/robots.txt", headers={"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}).text


def _sign_in(server: Server, password: str, client: str) -> http.client.HTTPResponse:
    """The admin's sign-in form as a browser behind the proxy fills it in, from address `client`."""
    headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": client}
    form = server.request("/admin/login/", headers=headers)
    cookie = form.getheader("Set-Cookie")
    assert "Secure" in cookie
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    body = urlencode({"username": "curator", "password": password, "csrfmiddlewaretoken": token,
                      "next": "/admin/"})
    return server.request("/admin/login/", "POST", body, {
        **headers, "Cookie": cookie.split(";")[0], "Origin": f"https://{PUBLIC_HOST}",
        "Referer": f"https://{PUBLIC_HOST}/admin/login/",
        "Content-Type": "application/x-www-form-urlencoded"})


def test_curators_sign_in_behind_a_tls_proxy_and_guessing_is_throttled(proxied):
    password = "a long passphrase of the curator"
    subprocess.run([str(ARCHIVIST), "users", "add", "curator", "--role", "admin"],
                   env={**proxied.env, "ARCHIVIST_PASSWORD": password}, check=True, timeout=60)
    signed_in = _sign_in(proxied, password, "198.51.100.1")
    assert (signed_in.status, signed_in.getheader("Location")) == (302, "/admin/")
    for _ in range(4):
        assert _sign_in(proxied, "a guess", "203.0.113.7").status == 200  # the form again, with an error
    assert _sign_in(proxied, "a guess", "203.0.113.7").status == 429  # the fifth locks the address out
    assert _sign_in(proxied, password, "203.0.113.7").status == 429  # even with the right password
    assert _sign_in(proxied, password, "198.51.100.1").status == 302  # other addresses are not


def test_stopping_the_server_stops_its_outbox_worker(database, tmp_path):
    running = start_server(tmp_path / "home", database)
    worker = outbox_workers(running)[-1]
    stop_server(running)
    assert running.process.returncode == 0, running.logged()
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)
