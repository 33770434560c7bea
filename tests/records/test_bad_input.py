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


NUL = "a\x00b"


@pytest.mark.parametrize(("bad", "field", "message"), [
    ({"date": "-0500"}, "date", "out of range"),
    ({"date": "Y99999"}, "date", "out of range"),
    ({"date": "1950-13"}, "date", "month"),
    ({"date": "1960/1950"}, "date", "ends before it starts"),
    ({"date": "1950-05-01/1950-01-01"}, "date", "ends before it starts"),
    ({"date": "../.."}, "date", "one known end"),
    ({"date": "1" * 101}, "date", "at most 100"),
    ({"date": 1950}, "date", "must be a string"),
    ({"title": 12}, "title", "must be a string"),
    ({"title": ["a", "list"]}, "title", "must be a string"),
    ({"title": "x" * 1001}, "title", "at most 1000"),
    ({"title": NUL}, "title", "NUL character"),
    ({"notes": [{"body": NUL}]}, "notes[0].body", "NUL character"),
    ({"title": "a\x1b[2Jb"}, "title", "control character \\u001b"),
    ({"additional_texts": [{"language": "English", "body": "a\x9bb"}]}, "additional_texts[0].body",
     "control character \\u009b"),
    ({"summary": {"nested": [[[[[[[["deep"]]]]]]]]}}, "summary.nested[0][0][0][0][0][0]", "nested"),
    ({"notes": "a note"}, "notes", "must be a list"),
    ({"notes": 5}, "notes", "must be a list"),
    ({"notes": [{"body": "b", "marker": ["1"]}]}, "notes[0].marker", "string or a number"),
    ({"files": [{"filename": "a.pdf", "path": "a/a.pdf", "size": "huge"}]}, "files[0].size", "whole number"),
    ({"files": [{"filename": "a.pdf", "path": "a/a.pdf", "size": -1}]}, "files[0].size", "whole number"),
    ({"files": [{"filename": "a.pdf", "path": "a/a.pdf", "size": True}]}, "files[0].size", "whole number"),
    ({"files": [{"filename": ["a.pdf"], "path": "a/a.pdf"}]}, "files[0].filename", "must be a string"),
    ({"files": [{"filename": "a", "path": "a/a", "media_type": "text/html\r\nX: y"}]},
     "files[0].media_type", "media type"),
    ({"files": [{"filename": "a", "path": "a/a", "sha256": "xyz"}]}, "files[0].sha256", "hexadecimal"),
    ({"files": {"filename": "a"}}, "files", "must be a list"),
    ({"links": 5}, "links", "must be a list"),
    ({"links": [{"type": "person", "id": 7, "role": "author"}]}, "links[0].id", "string"),
    ({"links": [{"type": "person", "id": "k", "role": "author", "confidence": True}]},
     "links[0].confidence", "number from 0 to 1"),
    ({"additional_texts": [{"language": "x" * 101, "body": "b"}]}, "additional_texts[0].language",
     "at most 100"),
    ({"authors": ["x" * 501]}, "authors", "at most 500"),
    ({"number": "1" * 51}, "number", "at most 50"),
    ({"type": "banana"}, "type", "must be document"),
    ({"record_id": "../etc"}, "record_id", "not a record ID"),
])
def test_wrong_values_name_their_field(db, tmp_path, bad, field, message):
    path = write_lines(tmp_path / "batch.jsonl", [GOOD, {"record_id": "x", "title": "T"} | bad])
    with pytest.raises(IngestError) as raised:
        load(path)
    assert (raised.value.path, raised.value.line, raised.value.field) == (str(path), 2, field)
    assert message in raised.value.message
    assert not Document.objects.exists() and not Authority.objects.exists()


@pytest.mark.parametrize(("bad", "field"), [
    ({"type": "place", "name": "P", "coordinates": [True, False]}, "coordinates"),
    ({"type": "person", "name": "One, Some", "identifiers": {"viaf": NUL}}, "identifiers.viaf"),
    ({"type": "person", "name": "One, Some", "variants": [{"name": "v", "origin": "guessed"}]},
     "variants[0].origin"),
    ({"type": "person", "name": "One, Some", "variants": 3}, "variants"),
    ({"type": "person", "name": "x" * 501}, "name"),
    ({"type": "person", "name": "One, Some", "id": "a/b"}, "id"),
])
def test_wrong_authority_values_name_their_field(db, tmp_path, bad, field):
    path = write_lines(tmp_path / "people.jsonl", [bad])
    with pytest.raises(IngestError) as raised:
        load(path)
    assert (raised.value.line, raised.value.field) == (1, field)
    assert not Authority.objects.exists()


@pytest.mark.parametrize("line", [
    "[" * 100_000 + "]" * 100_000,  # deeper than Python's parser goes: RecursionError
    '{"record_id": "x", "title": "T", "size": ' + "9" * 5000 + "}",  # more digits than int() takes
    '{"record_id": "x", "title": "T", "notes": NaN}',
])
def test_json_python_cannot_read_is_an_error_of_its_line(db, tmp_path, line):
    path = write_lines(tmp_path / "odd.jsonl", [GOOD, line])
    with pytest.raises(IngestError) as raised:
        load(path)
    assert (raised.value.path, raised.value.line) == (str(path), 2)
    assert not Document.objects.exists()


def test_deep_nesting_in_a_json_array_file_names_its_line(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('[\n{"record_id": "a", "title": "A"},\n' + "[" * 100_000 + "]" * 100_000 + "\n]")
    with pytest.raises(IngestError, match=r"deep\.json:3: invalid JSON: nested more than 100 levels"):
        load(path)


def test_brackets_inside_strings_are_not_nesting(db, tmp_path):
    title = '[{"' * 200 + '\\"'
    load(write_lines(tmp_path / "brackets.jsonl", [GOOD | {"title": title}]))
    assert Document.objects.get().title == title


def test_the_same_record_id_twice_in_one_file_names_both_lines(db, tmp_path):
    path = write_lines(tmp_path / "twice.jsonl", [GOOD, {"record_id": "ok-2", "title": "Two"},
                                                  GOOD | {"title": "Again"}])
    with pytest.raises(IngestError) as raised:
        load(path)
    assert (raised.value.line, raised.value.field) == (3, "record_id")
    assert "on line 1" in raised.value.message
    assert not Document.objects.exists()


def test_the_same_authority_twice_in_one_file_names_both_lines(db, tmp_path):
    person = {"type": "person", "id": "one", "name": "One, Some"}
    path = write_lines(tmp_path / "people.jsonl", [person, person | {"name": "One, Other"}])
    with pytest.raises(IngestError, match="on line 1") as raised:
        load(path)
    assert (raised.value.line, raised.value.field) == (2, "id")
    assert not Authority.objects.exists()


def test_csv_nul_characters_and_bad_quoting_name_their_line(db, tmp_path):
    from archivist.ingest.csvrecords import read_csv_records

    nul = tmp_path / "nul.csv"
    nul.write_text("record_id,title\nc1,Fine\nc2,Bad\x00title\n", encoding="utf-8")
    with pytest.raises(IngestError) as raised:
        store_records(nul, read_csv_records(nul))
    assert (raised.value.line, raised.value.field) == (3, "title")
    quoting = tmp_path / "quoting.csv"
    quoting.write_text('record_id,title\nc1,"Fine"\nc2,"Bad" quote\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"quoting\.csv:3: bad CSV"):
        store_records(quoting, read_csv_records(quoting))
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"record_id,title\nc1,Fine\nc2,Caf\xe9\n")
    with pytest.raises(IngestError, match=r"latin\.csv:3: not UTF-8"):
        store_records(latin, read_csv_records(latin))
    assert not Document.objects.exists()
