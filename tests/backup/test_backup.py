"""`archivist backup` and `archivist restore` in child processes, each archive with its own
ARCHIVIST_HOME and database: SQLite to SQLite, PostgreSQL to PostgreSQL, SQLite to PostgreSQL.

A restored archive must answer as the original: the same export, public pages, search answers,
users signing in with their passwords, history and stored files. A backup made while another process
writes holds one moment; a file that is not a whole backup is refused with nothing changed.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import pytest

from tests.backup.archive_tool import EMBARGOED

ROOT = Path(__file__).resolve().parents[2]
ARCHIVIST = Path(sys.executable).with_name("archivist")
TOOL = Path(__file__).with_name("archive_tool.py")


class Archives:
    """Scratch archives: each its own ARCHIVIST_HOME, and its own PostgreSQL database if asked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.databases: list[str] = []

    def new(self, database: str) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if not name.startswith("ARCHIVIST_") and name != "DATABASE_URL"}
        folder = self.folder / uuid.uuid4().hex[:8]
        folder.mkdir()
        env.update(ARCHIVIST_HOME=str(folder / "home"), PYTHONPATH=str(ROOT))
        if database == "postgresql":
            import psycopg

            name = f"backup_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(f"{_server()}/postgres", autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            self.databases.append(name)
            env["DATABASE_URL"] = f"{_server()}/{name}"
        return env

    def drop(self) -> None:
        if not self.databases:
            return
        import psycopg

        with psycopg.connect(f"{_server()}/postgres", autocommit=True) as connection:
            for name in self.databases:
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _server() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return (f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@{database['HOST']}:"
            f"{database.get('PORT') or 5432}")


def run_database() -> str:
    from django.conf import settings

    return "postgresql" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"


def archivist(env: dict[str, str], *args: object, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(ARCHIVIST), *map(str, args)], env=env, capture_output=True, text=True,
                            timeout=300)
    assert not check or result.returncode == 0, result.stderr
    return result


def tool(env: dict[str, str], action: str, backup: Path) -> tuple[dict, str]:
    """tests/backup/archive_tool.py's action, then what the archive shows; and what it said."""
    result = subprocess.run([sys.executable, str(TOOL), action, str(backup)], env=env, capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1]), result.stderr


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    made = Archives(tmp_path_factory.mktemp("backup"))
    yield made
    made.drop()


@pytest.fixture(scope="module")
def originals(archives):
    """Archives built once per database (tests/backup/archive_tool.py build), each backed up."""
    built = {}

    def original(database: str) -> tuple[dict[str, str], Path, dict]:
        if database not in built:
            env = archives.new(database)
            backup = Path(env["ARCHIVIST_HOME"]).with_name("archive.tar")
            built[database] = env, backup, tool(env, "build", backup)[0]
        return built[database]

    return original


def assert_same_archive(restored: dict, original: dict) -> None:
    for part in ("export", "searches", "users", "history", "files", "rows", "embargo"):
        assert restored[part] == original[part], part
    for url, (status, body) in original["pages"].items():
        assert restored["pages"][url] == [status, body], url


def bad_files(backup: Path, folder: Path) -> dict[Path, str]:
    """Files that are not a whole backup, each with what restore must say of it."""
    garbage = folder / "garbage.tar"
    garbage.write_bytes(b"not a backup at all\n" * 100)
    truncated = folder / "truncated.tar"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    return {
        garbage: "not an Archivist backup",
        truncated: "cut short",
        _rewritten(backup, folder / "future.tar", _bad_manifest): "manifest.json: backup format 99",
        _rewritten(backup, folder / "altered.tar", _altered_text): "records.text.jsonl.gz is not what "
                                                                   "was backed up",
        _rewritten(backup, folder / "short.tar", lambda name, content: None if "files/" in name
                   else content): "files/tei/frus1999v01/",
    }


@pytest.fixture(scope="module")
def restored(archives, originals, tmp_path_factory):
    """The original of the run's database restored into a new archive, once each of the bad files was
    refused there: the archive, what the refusals said and whether they left files, what it shows."""
    _, backup, _ = originals(run_database())
    target = archives.new(run_database())
    refusals = {bad: (message, archivist(target, "restore", bad, check=False))
                for bad, message in bad_files(backup, tmp_path_factory.mktemp("bad")).items()}
    left_files = (Path(target["ARCHIVIST_HOME"]) / "files").exists()
    shown, said = tool(target, "restore", backup)
    return target, refusals, left_files, shown, said


def assert_restored(shown: dict, said: str, original: dict) -> None:
    assert "search index rebuilt: 2 published documents" in said
    for part in ("export", "searches", "users", "history", "files", "rows", "embargo"):
        assert shown[part] == original[part], part
    for url, (status, body) in original["pages"].items():
        assert shown["pages"][url] == [status, body], url
    assert original["embargo"] and original["users"]["ada"] == [True, False, ["publisher"]]
    assert original["pages"][f"/documents/{EMBARGOED}"][0] == 404
    assert original["rows"]["enrich.mention"] and original["files"] and original["history"]


def test_an_archive_restored_answers_as_the_original(restored, originals):
    """SQLite to SQLite on the SQLite run, PostgreSQL to PostgreSQL on the PostgreSQL run."""
    _, _, _, shown, said = restored
    assert_restored(shown, said, originals(run_database())[2])


def test_an_sqlite_archive_moves_to_postgresql(archives, originals):
    if run_database() != "postgresql":
        pytest.skip("runs with the PostgreSQL run (DATABASE_URL set)")
    _, backup, original = originals("sqlite")
    shown, said = tool(archives.new("postgresql"), "restore", backup)
    assert_restored(shown, said, original)


def test_the_backup_file_is_readable_by_its_owner_only_and_lists_its_contents(originals):
    _, backup, seen = originals(run_database())
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with tarfile.open(backup) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert manifest["format"] == "archivist-backup" and manifest["database"] == run_database()
    assert "0005_curators_workspace" in manifest["migrations"]["records"]
    rows = {table["model"]: table["rows"] for table in manifest["tables"]}
    assert {model: rows[model] for model in seen["rows"]} == seen["rows"]
    assert rows["auth.user"] == 1 and "sessions.session" not in rows and "web.listing" not in rows
    assert [f"files/{path}" for path in seen["files"]] == [n for n in names if n.startswith("files/")]


def test_a_backup_made_while_another_process_writes_holds_one_moment(archives):
    """Documents saved one by one, each with its text, links and outbox row in one transaction, while
    the backup runs: the restored archive holds each document whole, as many as the manifest says."""
    env = archives.new(run_database())
    folder = Path(env["ARCHIVIST_HOME"]).parent
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while _written(folder) < 20:
            assert writer.poll() is None and time.monotonic() < deadline, writer.stderr.read()
            time.sleep(0.1)
        archivist(env, "backup", folder / "busy.tar")
    finally:
        (folder / "stop").touch()
        _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    with tarfile.open(folder / "busy.tar") as tar:
        rows = {t["model"]: t["rows"] for t in json.loads(tar.extractfile("manifest.json").read())["tables"]}
    assert 20 <= rows["records.document"] < _written(folder)  # the writer went on after the snapshot
    assert rows["records.text"] == rows["records.change"] == rows["records.document"]
    said = archivist(archives.new(run_database()), "restore", folder / "busy.tar").stderr
    for model in ("records.document", "records.text", "records.change", "records.link", "records.authority"):
        assert f"\n{rows[model]} rows of {model}\n" in said, model


# Saves documents one by one until told to stop, each with a person of its own, writing down how many
# it has saved (committed) after each.
WRITER = """
import sys, time
from pathlib import Path
from archivist.bootstrap import open_archive
open_archive()
from archivist.records.recordformat import read_document
from archivist.records.services import save_document
folder, count = Path(sys.argv[1]), 0
while not (folder / "stop").exists():
    count += 1
    save_document(read_document({"type": "document", "record_id": f"busy-{count}", "title": f"Busy {count}",
                                 "date": "1950-01-02", "text": "Busy text.", "text_language": "English",
                                 "authors": [f"Writer, Number {count}"]}))
    (folder / "written.tmp").write_text(str(count))
    (folder / "written.tmp").replace(folder / "written")
    time.sleep(0.01)
"""


def _written(folder: Path) -> int:
    written = folder / "written"
    return int(written.read_text()) if written.exists() else 0


def _rewritten(backup: Path, target: Path, change) -> Path:
    """A copy of the backup with its members passed through `change(name, bytes) -> bytes | None`."""
    with tarfile.open(backup) as source, tarfile.open(target, "w") as out:
        for member in source.getmembers():
            content = change(member.name, source.extractfile(member).read())
            if content is not None:
                member.size = len(content)
                out.addfile(member, io.BytesIO(content))
    return target


def _bad_manifest(name: str, content: bytes) -> bytes:
    if name != "manifest.json":
        return content
    return json.dumps({**json.loads(content), "format_version": 99}).encode()


def _altered_text(name: str, content: bytes) -> bytes:
    if "records.text" not in name:
        return content
    return gzip.compress(gzip.decompress(content).replace(b"Mao", b"Mai"), mtime=0)


def test_a_file_that_is_not_a_whole_backup_is_refused_and_nothing_changes(restored):
    """The archive the bad files were refused by took the backup afterwards: they left nothing."""
    _, refusals, left_files, _, _ = restored
    for bad, (message, result) in refusals.items():
        assert result.returncode == 1, bad
        assert str(bad) in result.stderr and message in result.stderr, result.stderr
    assert not left_files


def test_a_restore_into_an_archive_that_is_not_empty_is_refused(restored, originals):
    target, _, _, _, _ = restored
    _, backup, original = originals(run_database())
    result = archivist(target, "restore", backup, check=False)
    assert result.returncode == 1 and "the archive is not empty" in result.stderr
    assert archivist(target, "export").stdout == original["export"]


def test_a_record_made_after_a_restore_does_not_inherit_a_deleted_ones_history(archives, tmp_path):
    """A document deleted before the backup keeps its id: a new one takes another, with no history."""
    original, target = archives.new(run_database()), archives.new(run_database())
    first, second = tmp_path / "gone.jsonl", tmp_path / "new.jsonl"
    first.write_text(json.dumps({"record_id": "kept-1", "title": "Kept"}) + "\n"
                     + json.dumps({"record_id": "gone-1", "title": "Deleted before the backup"}) + "\n")
    second.write_text(json.dumps({"record_id": "new-1", "title": "Made after the restore"}) + "\n")
    archivist(original, "load", first)
    delete = ("import django, sys; django.setup(); from archivist.curation.history import recorded; "
              "from archivist.records.services import delete_document\n"
              "with recorded('deleted in a test'): delete_document('gone-1')")
    subprocess.run([sys.executable, "-c", delete], check=True, timeout=120,
                   env={**original, "DJANGO_SETTINGS_MODULE": "archivist.settings"})
    backup = tmp_path / "archive.tar"
    archivist(original, "backup", backup)
    archivist(target, "restore", backup)
    archivist(target, "load", second)
    history = archivist(target, "history", "new-1").stdout
    assert "Deleted before the backup" not in history
    assert "1 version" in history.splitlines()[0]
