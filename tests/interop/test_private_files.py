"""What holds drafts and restricted documents is readable by its owner only: an export written with -o,
and the archive's files and search index folders, even in an archive directory open to others."""

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.ingest.loader import store_records

VOLUME = (Path(__file__).parent.parent / "ingest" / "data" / "small-volume.xml").read_text(encoding="utf-8")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def restricted(db):
    store_records("restricted.jsonl", [(1, {"record_id": "secret", "title": "Secret",
                                            "status": "restricted"})])


@pytest.mark.parametrize("existing", [False, True])
def test_an_export_file_is_readable_by_its_owner_only(restricted, tmp_path, existing):
    output = tmp_path / "archive.jsonl"
    if existing:
        output.write_text("older export\n")
        output.chmod(0o644)
    result = CliRunner().invoke(cli, ["export", "-o", str(output)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert mode(output) == 0o600
    assert '"record_id": "secret"' in output.read_text(encoding="utf-8")
    assert "older export" not in output.read_text(encoding="utf-8")


def test_files_and_index_folders_are_private_in_an_open_archive_directory(db, tmp_path, settings):
    home = Path(os.environ["ARCHIVIST_HOME"])
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    settings.MEDIA_ROOT = str(home / "files")
    volume = tmp_path / "volume.xml"
    volume.write_text(VOLUME.replace("DATE", "1999-01-02"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(volume)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert any((home / "files").rglob("*.xml"))
    assert mode(home / "files") == 0o700
    assert mode(home / "index") == 0o700
