"""Bad input names file, line and field, and stores nothing from that file."""

import json

import pytest

from archivist.ingest.errors import IngestError
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.records.models import Authority, Document


def load(path):
    return store_records(path, read_json_records(path))


def write_lines(path, records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


GOOD = {"record_id": "ok-1", "title": "Good", "authors": ["Somebody, A."]}


@pytest.mark.parametrize(("bad", "field", "message"), [
    ({"record_id": "x", "title": "T", "date": "2 January 1950"}, "date", "EDTF"),
    ({"record_id": "x"}, "title", "is required"),
    ({"title": "T"}, "record_id", "is required"),
    ({"record_id": "x", "title": "T", "authors": "Mao"}, None, None),
    ({"record_id": "x", "title": "T", "authors": [3]}, "authors", "list of non-empty strings"),
    ({"record_id": "x", "title": "T", "colour": "red"}, "colour", "not a field"),
    ({"record_id": "x", "title": "T", "original_uploaded_date": "20/11/2011"},
     "original_uploaded_date", "YYYY-MM-DD"),
    ({"type": "place", "name": "Berlin", "coordinates": [200, 0]}, "coordinates", "latitude"),
    ({"record_id": "x", "title": "T", "links": [{"type": "person", "id": "nobody",
                                                  "role": "author"}]}, "links[0].id", "no person"),
])
def test_bad_record_names_file_line_field_and_stores_nothing(db, tmp_path, bad, field, message):
    path = write_lines(tmp_path / "batch.jsonl", [GOOD, GOOD | {"record_id": "ok-2"}, bad])
    if field is None:  # a lone string where a list is expected is accepted as one name
        load(path)
        return
    with pytest.raises(IngestError) as raised:
        load(path)
    error = raised.value
    assert (error.path, error.line, error.field) == (str(path), 3, field)
    assert message in str(error) and f"{path}:3" in str(error)
    assert Document.objects.count() == 0 and Authority.objects.count() == 0


def test_invalid_json_reports_its_line(db, tmp_path):
    path = write_lines(tmp_path / "broken.jsonl", [GOOD, '{"record_id": "y", "title": '])
    with pytest.raises(IngestError, match=r"broken.jsonl:2: invalid JSON"):
        load(path)
    assert Document.objects.count() == 0


def test_json_array_elements_report_their_own_line(db, tmp_path):
    path = tmp_path / "array.json"
    path.write_text('[\n  {"record_id": "a", "title": "A"},\n  {"record_id": "b"}\n]\n')
    with pytest.raises(IngestError) as raised:
        load(path)
    assert (raised.value.line, raised.value.field) == (3, "title")


def test_a_bad_file_leaves_earlier_files_in_place(db, tmp_path):
    load(write_lines(tmp_path / "first.jsonl", [GOOD]))
    with pytest.raises(IngestError):
        load(write_lines(tmp_path / "second.jsonl", [GOOD | {"title": "Changed"}, {"title": "x"}]))
    assert Document.objects.get(record_id="ok-1").title == "Good"
