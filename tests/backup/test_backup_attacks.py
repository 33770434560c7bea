"""Hostile backup files: a restore refuses them with a BackupError naming the file, writes nothing
outside the archive's files directory, and leaves the archive as empty as it found it."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from archivist.backup import restorer
from archivist.backup.contents import (
    FILES_FOLDER,
    MANIFEST,
    BackupError,
    Manifest,
    StoredFile,
    Table,
)
from archivist.backup.restorer import restore_backup
from archivist.records.models import Document

DOCUMENTS = "data/00-records.document.jsonl.gz"


def document_rows(*titles: str) -> bytes:
    rows = [{"model": "records.document", "pk": number, "fields": {
        "record_id": f"bk-{number}", "title": title, "status": "restricted",
        "created": "2026-12-01T00:00:00+00:00", "modified": "2026-12-01T00:00:00+00:00"}}
        for number, title in enumerate(titles, start=1)]
    return gzip.compress("".join(json.dumps(row) + "\n" for row in rows).encode(), mtime=0)


def hostile(path: Path, tables: dict[str, tuple[str, bytes, int]] | None = None,
            files: dict[str, bytes] | None = None, extra: list[tarfile.TarInfo] = ()) -> Path:
    """A backup whose manifest is consistent with its members (hashes right), holding `tables`
    (member -> (model, gzipped rows, rows claimed)) and `files` (path -> content)."""
    tables = {DOCUMENTS: ("records.document", document_rows("A cable"), 1)} if tables is None else tables
    files = files or {}
    manifest = Manifest(archivist="0", created="2026-12-07T00:00:00+00:00", database="sqlite",
                        migrations={})
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for member, (model, content, rows) in tables.items():
            manifest.tables.append(Table(model, member, rows, hashlib.sha256(content).hexdigest()))
            _add(tar, member, content)
        for name, content in files.items():
            manifest.files.append(StoredFile(name, len(content), hashlib.sha256(content).hexdigest()))
            _add(tar, FILES_FOLDER + name, content)
        for info in extra:
            tar.addfile(info)
        _add(tar, MANIFEST, manifest.to_json())
    return path


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    tar.addfile(info, io.BytesIO(content))


@pytest.fixture
def archive(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "home" / "files")
    return tmp_path


def assert_left_empty(archive: Path) -> None:
    assert not Document.objects.exists()
    files = archive / "home" / "files"
    assert not files.exists() or not any(files.iterdir())


def test_a_sound_hand_made_backup_restores(archive):
    """The helper's backups are well formed: the refusals below are the hostile part's."""
    restore_backup(hostile(archive / "ok.tar", files={"scans/a.pdf": b"%PDF"}))
    assert Document.objects.get().title == "A cable"
    assert (archive / "home" / "files" / "scans" / "a.pdf").read_bytes() == b"%PDF"


@pytest.mark.parametrize("name", ["../outside.txt", "scans/../../outside.txt", "/tmp/outside-archivist.txt",
                                  "scans/./a.txt", "scans//a.txt"])
def test_a_stored_file_named_outside_the_files_directory_is_refused(archive, name):
    with pytest.raises(BackupError, match="outside the files directory"):
        restore_backup(hostile(archive / "bad.tar", files={name: b"pwned"}))
    assert not (archive / "home" / "outside.txt").exists() and not (archive / "outside.txt").exists()
    assert not Path("/tmp/outside-archivist.txt").exists()
    assert_left_empty(archive)


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_a_link_member_is_not_followed_out_of_the_backup(archive, kind):
    link = tarfile.TarInfo(FILES_FOLDER + "scans/a.pdf")
    link.type, link.linkname = kind, "/etc/passwd"
    path = hostile(archive / "bad.tar", files={"scans/a.pdf": b"%PDF"}, extra=[link])
    with pytest.raises(BackupError, match="scans/a.pdf"):
        restore_backup(path)
    assert_left_empty(archive)


def test_a_manifest_claiming_other_row_counts_changes_nothing(archive):
    path = hostile(archive / "bad.tar", {DOCUMENTS: ("records.document", document_rows("A", "B"), 3)},
                   files={"scans/a.pdf": b"%PDF"})
    with pytest.raises(BackupError, match="holds 2 rows; its manifest says 3"):
        restore_backup(path)
    assert_left_empty(archive)


@pytest.mark.parametrize("model", ["sessions.session", "auth.permission", "records.nothing"])
def test_a_table_not_backed_up_is_refused(archive, model):
    path = hostile(archive / "bad.tar", {DOCUMENTS: (model, document_rows("A"), 1)},
                   files={"scans/a.pdf": b"%PDF"})
    with pytest.raises(BackupError, match="does not back up"):
        restore_backup(path)
    assert_left_empty(archive)


def test_the_same_table_twice_is_refused(archive):
    rows = document_rows("A")
    path = hostile(archive / "bad.tar", {DOCUMENTS: ("records.document", rows, 1),
                                         "data/01-again.jsonl.gz": ("records.document", rows, 1)})
    with pytest.raises(BackupError):
        restore_backup(path)
    assert_left_empty(archive)


def test_a_row_longer_than_any_backup_writes_is_refused_before_it_is_read_whole(archive, monkeypatch):
    """A gzip bomb: a member of a few kilobytes holding one line of gigabytes would be read whole into
    memory. Shown with the limit lowered: 1 MB of zeros compress to about a kilobyte."""
    monkeypatch.setattr(restorer, "LONGEST_ROW", 100_000)
    bomb = gzip.compress(b'{"model": "records.document", "pk": 1, "fields": {"title": "'
                         + b"0" * 1_000_000 + b'"}}\n')
    assert len(bomb) < 5000
    with pytest.raises(BackupError, match="line 1 is longer than"):
        restore_backup(hostile(archive / "bomb.tar", {DOCUMENTS: ("records.document", bomb, 1)}))
    assert_left_empty(archive)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not check a column's length")
def test_a_row_the_database_refuses_is_a_backup_error_and_changes_nothing(archive):
    path = hostile(archive / "bad.tar", {DOCUMENTS: ("records.document", document_rows("x" * 1001), 1)},
                   files={"scans/a.pdf": b"%PDF"})
    with pytest.raises(BackupError, match="bad.tar"):
        restore_backup(path)
    assert_left_empty(archive)


def test_a_backup_replacing_a_readable_file_is_readable_by_its_owner_only(archive):
    from archivist.backup.writer import write_backup

    if connection.vendor == "postgresql":
        pytest.skip("a backup's snapshot transaction cannot start inside a test's transaction")
    target = archive / "archive.tar"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_backup(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with tarfile.open(target) as tar:
        users = next(m for m in tar.getnames() if m.endswith("auth.user.jsonl.gz"))
        assert all(member.mode == 0o600 for member in tar.getmembers())
        assert users


@pytest.mark.parametrize("values", [
    {"tables": [{"model": "records.document", "member": 5, "rows": 1, "sha256": "x"}]},
    {"tables": [{"model": "records.document", "member": DOCUMENTS, "rows": "1", "sha256": "x"}]},
    {"files": [{"path": ["scans", "a.pdf"], "size": 1, "sha256": "x"}]},
    {"migrations": ["records.0001_initial"]},
    {"migrations": {"records": "0001_initial"}},
])
def test_a_manifest_value_of_the_wrong_type_is_refused_by_name(archive, values):
    manifest = json.dumps({"format": "archivist-backup", "format_version": 1, "archivist": "0",
                           "created": "2026-12-07", "database": "sqlite", "migrations": {},
                           "tables": [], "files": [], **values}).encode()
    path = archive / "bad.tar"
    with tarfile.open(path, "w") as tar:
        _add(tar, MANIFEST, manifest)
    with pytest.raises(BackupError, match="manifest.json holds a value of the wrong type"):
        restore_backup(path)
    assert_left_empty(archive)
