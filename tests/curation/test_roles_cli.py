"""`archivist users add|list|set-role` and `archivist publish|restrict|draft`, through click's runner
against the test database, and as a separate process in the archive that ARCHIVIST_HOME names."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.utils import timezone
from reversion.models import Version

from archivist.cli.main import cli
from archivist.records.models import Document
from archivist.records.recordformat import read_document
from archivist.records.services import save_document
from tests.conftest import ROOT

PASSWORD = "quiet-archive-lamp-42"
ARCHIVIST = [sys.executable, "-c", "from archivist.cli.main import main; main()"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's quick hasher: the real one takes most of a second per password, on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(*args, **kwargs):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def _statuses() -> dict[str, str]:
    return dict(Document.objects.values_list("record_id", "status"))


def test_users_add_with_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_PASSWORD", PASSWORD)
    result = run("users", "add", "ada", "--role", "publisher")
    assert result.exit_code == 0, result.output
    ada = get_user_model().objects.get(username="ada")
    assert ada.check_password(PASSWORD) and ada.has_perm("records.publish_document")
    assert PASSWORD not in result.output


def test_users_add_asks_for_the_password_twice_without_showing_it(db, monkeypatch):
    monkeypatch.delenv("ARCHIVIST_PASSWORD", raising=False)
    result = run("users", "add", "ada", "--role", "editor", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output and "Repeat for confirmation" in result.output
    assert get_user_model().objects.get(username="ada").check_password(PASSWORD)


def test_users_add_refuses_a_weak_password_or_an_unknown_role(db, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_PASSWORD", "password")
    weak = run("users", "add", "ada", "--role", "editor")
    assert weak.exit_code == 1 and "user 'ada': This password is too common." in weak.output
    monkeypatch.setenv("ARCHIVIST_PASSWORD", PASSWORD)
    unknown = run("users", "add", "ada", "--role", "curator")
    assert unknown.exit_code == 2
    assert "'curator' is not one of 'editor', 'publisher', 'admin'" in unknown.output
    assert not get_user_model().objects.exists()


def test_users_list_and_set_role(db, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_PASSWORD", PASSWORD)
    run("users", "add", "grace", "--role", "admin")
    run("users", "add", "ada", "--role", "editor")
    assert run("users", "set-role", "ada", "publisher").output == "ada is now publisher\n"
    assert run("users", "list").output == ("ada\tpublisher\tactive\tlast login never\n"
                                           "grace\tadmin\tactive\tlast login never\n")
    refused = run("users", "set-role", "grace", "editor")
    assert refused.exit_code == 1 and "only admin" in refused.output
    assert run("users", "set-role", "nobody", "editor").exit_code == 1


def test_publish_restrict_draft_change_every_document_named(full_record, monkeypatch):
    save_document(read_document({"type": "document", "record_id": "second", "title": "Second",
                                 "date": "1950", "status": "draft"}))
    assert run("restrict", full_record, "second").exit_code == 0
    assert _statuses() == {full_record: "restricted", "second": "restricted"}
    assert run("draft", full_record).exit_code == 0
    monkeypatch.setattr(sys, "argv", ["archivist", "publish", full_record, "second"])  # as run
    result = run("publish", full_record, "second")
    assert result.exit_code == 0 and "2 documents published" in result.output
    assert _statuses() == {full_record: "published", "second": "published"}
    comment = Version.objects.get_for_object(Document.objects.get(record_id="second")).latest("pk") \
        .revision.comment
    assert comment.startswith(f"archivist publish {full_record} second (command line, ")


def test_an_unknown_record_id_changes_nothing(full_record):
    for command in ("publish", "restrict", "draft"):
        result = run(command, full_record, "no-such-record")
        assert result.exit_code == 1 and "no document 'no-such-record'" in result.output
    assert _statuses() == {full_record: "published"}


def test_restrict_until_a_day_to_come(full_record):
    day = timezone.localdate() + datetime.timedelta(days=30)
    result = run("restrict", full_record, "--until", day.isoformat())
    assert result.exit_code == 0, result.output
    document = Document.objects.get(record_id=full_record)
    assert (document.status, document.embargoed_until) == ("restricted", day)
    past = run("restrict", full_record, "--until", "2001-01-01")
    assert past.exit_code == 1 and "2001-01-01 is not after today" in past.output
    assert Document.objects.get(record_id=full_record).embargoed_until == day


def test_users_are_kept_in_the_archive_that_archivist_home_names(archive_env, tmp_path):
    env = {**archive_env, "ARCHIVIST_PASSWORD": PASSWORD}
    added = subprocess.run([*ARCHIVIST, "users", "add", "ada", "--role", "editor"], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    listed = subprocess.run([*ARCHIVIST, "users", "list"], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert listed.stdout.startswith("ada\teditor\t")
    if "DATABASE_URL" not in env:  # on SQLite the archive's directory holds its database
        other = {**env, "ARCHIVIST_HOME": str(tmp_path / "another-archive")}
        elsewhere = subprocess.run([*ARCHIVIST, "users", "list"], env=other, cwd=ROOT,
                                   capture_output=True, text=True, timeout=120)
        assert elsewhere.returncode == 0 and elsewhere.stdout == ""
