"""Paths built from input stay in the archive's files directory: crafted volumes and records.

Each test plants sentinel files around the archive, where a path climbing out of the files
directory would write or sweep, and checks they are untouched whether the import fails or succeeds.
"""

import json
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.cli.main import cli
from archivist.ingest.errors import IngestError
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.ingest.tei import read_tei
from archivist.records.models import Attachment, Authority, Document

VOLUME = (Path(__file__).parent / "data" / "small-volume.xml").read_text(encoding="utf-8")
# The volume named by its FRUS idno rather than the TEI element's xml:id.
BY_IDNO = VOLUME.replace(' xml:id="frus1999v01"', "", 1).replace(
    "</titleStmt>", '</titleStmt><publicationStmt><idno type="frus">IDNO</idno></publicationStmt>', 1)


@pytest.fixture
def archive(settings, tmp_path):
    """ARCHIVIST_HOME at tmp_path/home, its files in home/files, sentinels around both."""
    home, files = tmp_path / "home", tmp_path / "home" / "files"
    files.mkdir(parents=True)
    settings.MEDIA_ROOT = str(files)
    for place in (tmp_path, tmp_path / "outside", home, home / "outside", home / "files-other"):
        place.mkdir(exist_ok=True)
        (place / "sentinel.xml").write_text(f"keep {place}")
    return files


def outside_files(tmp_path: Path, files: Path) -> dict[Path, bytes]:
    """Every file under tmp_path but the inputs and the archive's own: its files directory, its
    search index, and what it keeps at the top of ARCHIVIST_HOME (database, key, lock)."""
    home = files.parent

    def own(path: Path) -> bool:
        return (path.is_relative_to(files) or path.is_relative_to(home / "index")
                or (path.parent == home and path.name != "sentinel.xml"))

    return {path: path.read_bytes() for path in tmp_path.rglob("*")
            if path.is_file() and not own(path) and path.parent != tmp_path / "input"}


def write_volume(tmp_path: Path, text: str, date: str = "1999-01-02") -> Path:
    folder = tmp_path / "input"
    folder.mkdir(exist_ok=True)
    path = folder / "volume.xml"
    path.write_text(text.replace("DATE", date), encoding="utf-8")
    return path


def ingest(*paths: Path):
    return CliRunner().invoke(cli, ["ingest", "--quiet", *map(str, paths)], catch_exceptions=False)


@pytest.mark.parametrize(("text", "where"), [
    (BY_IDNO.replace("IDNO", "../../outside"), ":3: field 'idno'"),
    (BY_IDNO.replace("IDNO", "../../../outside"), ":3: field 'idno'"),
    (BY_IDNO.replace("IDNO", "/tmp/outside"), ":3: field 'idno'"),
    (BY_IDNO.replace("IDNO", "frus..\\..\\outside"), ":3: field 'idno'"),
    # a document without xml:id is named by its @n
    (VOLUME.replace('n="1" xml:id="d1"', 'n="x/../../../../outside"'), ":10: field 'n'"),
    (VOLUME.replace('n="1" xml:id="d1"', 'n="/../../outside"'), ":10: field 'n'"),
    (VOLUME.replace('n="1" xml:id="d1"', ""), ":10: field 'xml:id'"),
])
def test_crafted_volume_is_refused_and_nothing_outside_changes(db, tmp_path, archive, text, where):
    before = outside_files(tmp_path, archive)
    path = write_volume(tmp_path, text)
    result = ingest(path)
    assert result.exit_code == 1
    assert f"{path}{where}" in result.output and "Traceback" not in result.output
    assert outside_files(tmp_path, archive) == before
    assert not [p for p in archive.rglob("*") if p.is_file()]
    assert not Document.objects.exists() and not Authority.objects.exists()


def test_failed_import_sweeps_only_its_own_folder(db, tmp_path, archive):
    before = outside_files(tmp_path, archive)
    result = ingest(write_volume(tmp_path, VOLUME, date="1999-02-30"))  # the stored file is written first
    assert result.exit_code == 1 and "field 'date'" in result.output
    assert outside_files(tmp_path, archive) == before
    assert not [p for p in archive.rglob("*") if p.is_file()]


def test_successful_import_writes_only_in_its_folder(db, tmp_path, archive):
    before = outside_files(tmp_path, archive)
    result = ingest(write_volume(tmp_path, BY_IDNO.replace("IDNO", "frus1999v01")))
    assert result.exit_code == 0, result.output
    assert outside_files(tmp_path, archive) == before
    stored = [p.relative_to(archive).parent.as_posix() for p in archive.rglob("*") if p.is_file()]
    assert stored == ["tei/frus1999v01"]
    assert Attachment.objects.get().path.startswith("tei/frus1999v01/d1-")


def test_a_link_out_of_the_files_directory_is_not_followed(db, tmp_path, archive):
    (archive / "tei").mkdir()
    (archive / "tei" / "frus1999v01").symlink_to(tmp_path / "outside", target_is_directory=True)
    before = outside_files(tmp_path, archive)
    result = ingest(write_volume(tmp_path, VOLUME))
    assert result.exit_code == 1 and "is not a path inside a folder of the archive's files" in result.output
    assert outside_files(tmp_path, archive) == before
    assert sorted(p.name for p in (tmp_path / "outside").iterdir()) == ["sentinel.xml"]


def load_json(tmp_path: Path, records: list[dict]):
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return store_records(path, read_json_records(path))


@pytest.mark.parametrize("path", [
    "../outside/sentinel.xml", "/etc/passwd", "scans/../../outside/sentinel.xml", "scans/./a.pdf",
    "scans//a.pdf", "scans/", "..", "scans\\..\\..\\a.pdf", "C:/a.pdf", "scans/a\x01.pdf",
])
def test_a_file_path_must_stay_inside_the_files_directory(db, tmp_path, archive, path):
    record = {"record_id": "r1", "title": "T",
              "files": [{"filename": "a.pdf", "media_type": "application/pdf", "path": path}]}
    with pytest.raises(IngestError) as raised:
        load_json(tmp_path, [{"record_id": "r0", "title": "Fine"}, record])
    assert (raised.value.line, raised.value.field) == (2, "files[0].path")
    assert not Document.objects.exists()


def test_a_relative_file_path_is_kept(db, tmp_path, archive):
    load_json(tmp_path, [{"record_id": "r1", "title": "T", "files": [
        {"filename": "a.pdf", "media_type": "application/pdf", "path": "scans/1961/a.pdf", "size": 3}]}])
    assert Attachment.objects.get().path == "scans/1961/a.pdf"


@pytest.mark.parametrize("record_id", ["frus1961-63v06d12", "frus1961-63v06-d12", "110390",
                                       "fbi-1961-0042", "a.b_c", "X" * 200])
def test_record_ids_of_the_safe_set_are_accepted(db, tmp_path, archive, record_id):
    load_json(tmp_path, [{"record_id": record_id, "title": "T"}])
    assert Document.objects.get().record_id == record_id


@pytest.mark.parametrize("record_id", ["../x", "a/b", "a\\b", ".hidden", "-x", "_x", "a b", "a?b",
                                       "a#b", "a%2Fb", "été", "a:b", "X" * 201])
def test_other_record_ids_are_refused(db, tmp_path, archive, record_id):
    with pytest.raises(IngestError) as raised:
        load_json(tmp_path, [{"record_id": record_id, "title": "T"}])
    assert (raised.value.line, raised.value.field) == (1, "record_id")
    assert "is not a record ID" in raised.value.message


@pytest.mark.parametrize("key", ["a/b", "..", "a b", "a?b", "a#b", "a%b", "a\\b"])
def test_authority_ids_that_cannot_name_a_page_are_refused(db, tmp_path, archive, key):
    with pytest.raises(IngestError) as raised:
        load_json(tmp_path, [{"type": "person", "id": key, "name": "One, Some"}])
    assert (raised.value.line, raised.value.field) == (1, "id")


def test_csv_record_ids_follow_the_same_rule(db, tmp_path, archive):
    path = tmp_path / "rows.csv"
    path.write_text("record_id,title\nok-1,Fine\n../up,Bad\n", encoding="utf-8")
    result = ingest(path)
    assert result.exit_code == 1 and f"{path}:3: field 'record_id'" in result.output
    assert not Document.objects.exists()


path_like = st.text(st.sampled_from("./\\~:%-_ aZ9\té"), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(idno=path_like, number=path_like)
def test_any_volume_id_and_number_stay_inside(db, tmp_path, archive, idno, number):
    text = BY_IDNO.replace("IDNO", escape(idno)).replace('n="1" xml:id="d1"', f'n="{escape(number)}"')
    path = write_volume(tmp_path, text)
    before = outside_files(tmp_path, archive)
    with transaction.atomic():
        try:
            store_records(path, read_tei(path))
        except IngestError as error:
            assert error.field in ("idno", "n") and error.line in (3, 10)
        transaction.set_rollback(True)
    assert outside_files(tmp_path, archive) == before
    for stored in (p for p in archive.rglob("*") if p.is_file()):
        assert stored.resolve().is_relative_to(archive.resolve() / "tei")
