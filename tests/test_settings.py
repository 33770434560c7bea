"""Settings derived from the settings table: protection behind a TLS proxy, deploy checks, passwords,
and the archive's files readable by their owner only. Settings are read once per process, so each
case runs in a fresh Python."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

SHOWN = ["BASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "AXES_CLIENT_IP_CALLABLE"]


def server_env(home: Path, **settings: str) -> dict[str, str]:
    """This process's environment as a server would have it: only the given archive settings, and not
    the async-safety switch that the browser tests set for the whole session."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("ARCHIVIST_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(ARCHIVIST_HOME=str(home), DJANGO_SETTINGS_MODULE="archivist.settings", **settings)
    return env


def run_python(code: str, home: Path, **settings: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], env=server_env(home, **settings), capture_output=True,
                          text=True, timeout=120)


def settings_under(home: Path, **settings: str) -> dict:
    code = ("import json, django; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name, None) for name in {SHOWN!r}}}))")
    result = run_python(code, home, **settings)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_https_base_url_means_secure_cookies_trusted_proxy_headers_and_its_host_only(tmp_path):
    derived = settings_under(tmp_path, ARCHIVIST_BASE_URL="https://Archive.example.org:8443/")
    assert derived == {
        "BASE_URL": "https://Archive.example.org:8443",
        "ALLOWED_HOSTS": ["archive.example.org", "localhost", "127.0.0.1", "[::1]"],
        "CSRF_TRUSTED_ORIGINS": ["https://Archive.example.org:8443"],
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"], "SECURE_HSTS_SECONDS": 0,
        "AXES_CLIENT_IP_CALLABLE": "archivist.serving.client_address",
    }


def test_an_http_base_url_trusts_no_proxy_header(tmp_path):
    derived = settings_under(tmp_path, ARCHIVIST_BASE_URL="http://[::1]:8000", ARCHIVIST_HSTS_SECONDS="60")
    assert derived["ALLOWED_HOSTS"] == ["[::1]", "localhost", "127.0.0.1"]
    assert not derived["SESSION_COOKIE_SECURE"] and not derived["SECURE_SSL_REDIRECT"]
    assert derived["SECURE_PROXY_SSL_HEADER"] is None and derived["AXES_CLIENT_IP_CALLABLE"] is None
    assert derived["SECURE_HSTS_SECONDS"] == 60  # sent by Django over HTTPS only, so never here


@pytest.mark.parametrize("name, value", [("ARCHIVIST_BASE_URL", "archive.example.org"),
                                         ("ARCHIVIST_BASE_URL", "ftp://archive.example.org"),
                                         ("ARCHIVIST_HSTS_SECONDS", "one year")])
def test_a_bad_value_is_refused_naming_the_setting(tmp_path, name, value):
    result = run_python("import django; django.setup()", tmp_path, **{name: value})
    assert result.returncode != 0
    assert f"SettingError: {name} must be" in result.stderr and repr(value) in result.stderr


def test_commands_name_a_bad_setting_without_a_traceback(tmp_path):
    result = subprocess.run(
        [str(Path(sys.executable).with_name("archivist")), "serve", "--port", "8999"],
        env={**os.environ, "ARCHIVIST_HOME": str(tmp_path), "ARCHIVIST_BASE_URL": "archive.example.org"},
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ARCHIVIST_BASE_URL must be an http or https address")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("hsts", ["0", "31536000"])
def test_check_deploy_is_clean_with_an_https_base_url(tmp_path, hsts):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING",
         "--settings", "archivist.settings"],
        env=server_env(tmp_path, ARCHIVIST_BASE_URL="https://archive.example.org",
                       ARCHIVIST_HSTS_SECONDS=hsts),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_secret_key_and_sqlite_files_are_created_owner_only_in_an_owner_only_home(tmp_path):
    home = tmp_path / "new" / "archive"
    code = ("import os, stat, json; from archivist.bootstrap import open_archive; open_archive(); "
            "from django.db import connection; from django.contrib.auth.models import Group; "
            "Group.objects.create(name='curators'); home = os.environ['ARCHIVIST_HOME']; "
            "print(json.dumps({name: stat.S_IMODE(os.stat(os.path.join(home, name)).st_mode) "
            "for name in ['.', 'secret_key', 'archive.sqlite3', 'archive.sqlite3-wal', "
            "'archive.sqlite3-shm']}))")
    result = run_python(code, home, DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {".": 0o700, "secret_key": 0o600, "archive.sqlite3": 0o600,
                                         "archive.sqlite3-wal": 0o600, "archive.sqlite3-shm": 0o600}


def test_an_existing_home_and_key_are_left_as_they_are(tmp_path):
    tmp_path.chmod(0o750)
    (tmp_path / "secret_key").write_text("k" * 60)
    assert settings_under(tmp_path)["BASE_URL"] == "http://127.0.0.1:8000"
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o750
    assert (tmp_path / "secret_key").read_text() == "k" * 60


@pytest.mark.parametrize("password", ["short1", "password123", "12345678901", "curator-curator"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, user=_user_named("curator-curator"))


def test_a_long_passphrase_is_accepted():
    validate_password("a long passphrase of the curator", user=_user_named("curator"))


def _user_named(username: str):
    from django.contrib.auth.models import User

    return User(username=username)


class InlineCode(HTMLParser):
    """What a policy without inline script or style would block: script elements that are not data
    blocks, event handler attributes, javascript: URLs, style elements and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/ld+json":
            self.found.append(self.get_starttag_text())
        if tag == "style" or "style" in attributes:
            self.found.append(self.get_starttag_text())
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(self.get_starttag_text())


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_no_page_of_the_site_or_the_admin_needs_inline_script_or_style(full_record, admin_client, client):
    from archivist.outbox import catch_up
    from archivist.records.models import Document

    catch_up()
    document = Document.objects.get(record_id=full_record)
    public = ["/", f"/documents/{full_record}", "/search?q=Mao", "/people", "/dates", "/topics",
              "/subjects", "/catalog", "/no-such-page"]
    admin = ["/admin/", "/admin/records/document/", f"/admin/records/document/{document.pk}/change/",
             "/admin/records/authority/", "/admin/records/authority/add/"]
    pages = [(path, client.get(path)) for path in [*public, "/admin/login/"]]
    pages += [(path, admin_client.get(path)) for path in admin]
    for path, response in pages:
        assert response.status_code == (404 if path == "/no-such-page" else 200), path
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert inline_code(response.content.decode()) == [], path
    assert '<script type="application/ld+json">' in pages[1][1].content.decode()
