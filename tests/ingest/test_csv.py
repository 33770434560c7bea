"""CSV spreadsheets: the template loads, lists split on ";", errors name file, line and column."""

from pathlib import Path

import pytest

from archivist.ingest.csvrecords import COLUMNS, read_csv_records
from archivist.ingest.errors import IngestError
from archivist.ingest.loader import store_records
from archivist.records.models import Document

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "archivist" / "ingest" / "templates" / "documents-template.csv"
FORMAT_DOC = ROOT / "docs" / "csv-format.md"


def load(path: Path):
    return store_records(path, read_csv_records(path))


def test_template_has_every_column_and_loads(db):
    header = TEMPLATE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert sorted(header) == sorted(COLUMNS)
    assert load(TEMPLATE).counts["added"] == 1
    document = Document.objects.get(record_id="example-1")
    links = set(document.links.values_list("role", "authority__kind", "authority__sort_name"))
    assert {("author", "person", "Khrushchev, Nikita S."),
            ("associated", "organization", "Department of State"), ("associated", "place", "Berlin"),
            ("associated", "place", "Vienna"),
            ("place_of_writing", "place", "Moscow")} <= links
    assert document.texts.get().body == "Dear Mr. President,\n\nThe first paragraph.\n\nThe second paragraph."
    assert document.links.get(role="archive").authority.parent.parent.sort_name == "National Archives"


def test_every_column_is_documented():
    documented = FORMAT_DOC.read_text(encoding="utf-8")
    assert all(f"`{column}`" in documented for column in COLUMNS)


def test_reimport_updates_in_place(db, tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text("record_id,title,date\na,First,1961\nb,Second,1962\n", encoding="utf-8")
    assert dict(load(path).counts) == {"added": 2}
    path.write_text("record_id,title,date\na,First,1961\nb,Second (revised),1962\n", encoding="utf-8")
    assert dict(load(path).counts) == {"unchanged": 1, "updated": 1}
    assert Document.objects.get(record_id="b").title == "Second (revised)"
    assert Document.objects.count() == 2


@pytest.mark.parametrize(("content", "where"), [
    ("record_id,title,author\n", ":1: field 'author': not a column"),
    ("record_id,date\nx,1961\n", ":1: field 'title': required column is missing"),
    ('record_id,title,date\na,A,1961\nb,"B\nwith a line break",1962\nc,C,1961-13-01\n', ":5: field 'date'"),
    ("record_id,title\na,A\nb,\n", ":3: field 'title': is required"),
    ("record_id,title\na,A,extra\n", ":2: 3 cells but the header has 2 columns"),
])
def test_errors_name_line_and_column_and_store_nothing(db, tmp_path, content, where):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        load(path)
    assert f"{path}{where}" in str(raised.value)
    assert Document.objects.count() == 0


def test_byte_order_mark_and_blank_rows_are_ignored(db, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffrecord_id,title\r\na,A\r\n,\r\n".encode())
    assert dict(load(path).counts) == {"added": 1}
