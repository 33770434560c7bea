"""Bad files: refused whole with file, line and field, never a traceback, never a half-stored file;
the other files of the run are still imported, and the exit status says one failed."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.cli.main import cli
from archivist.ingest.errors import IngestError
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.records.models import (
    Attachment,
    Authority,
    Change,
    Document,
    Link,
    Note,
    Text,
    VariantName,
)
from archivist.records.recordformat import AUTHORITY_FIELDS, DOCUMENT_FIELDS


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "files")


def run(command, *paths):
    return CliRunner().invoke(cli, [command, *map(str, paths)], catch_exceptions=False)


@pytest.mark.parametrize("command", ["ingest", "load"])
def test_one_bad_file_does_not_stop_the_others(db, tmp_path, command):
    first = tmp_path / "first.jsonl"
    first.write_text('{"record_id": "a1", "title": "First"}\n', encoding="utf-8")
    deep = tmp_path / "deep.jsonl"  # a RecursionError once stopped the whole run here
    deep.write_text('{"record_id": "d1", "title": "Deep"}\n' + "[" * 50_000 + "]" * 50_000 + "\n")
    dated = tmp_path / "dated.jsonl"  # and a ValueError from the date library here
    dated.write_text('{"record_id": "b1", "title": "BC", "date": "-0500"}\n', encoding="utf-8")
    last = tmp_path / "last.jsonl"
    last.write_text('{"record_id": "z1", "title": "Last", "files": [{"filename": "x", "size": "huge", '
                    '"path": "x/x"}]}\n{"record_id": "z2", "title": "Last"}\n', encoding="utf-8")
    result = run(command, first, deep, dated, last)
    assert result.exit_code == 1
    assert f"error: {deep}:2: invalid JSON: nested more than 100 levels deep" in result.output
    assert f"error: {dated}:1: field 'date': '-0500' is out of range" in result.output
    assert f"error: {last}:1: field 'files[0].size'" in result.output
    assert "Traceback" not in result.output
    assert "ingested 1 of 4 files" in result.output
    assert list(Document.objects.values_list("record_id", flat=True)) == ["a1"]


# A property: any file of JSON records, however malformed, is stored whole or refused with an
# IngestError naming the file, the line and (unless the JSON itself is unreadable) the field.

KEPT = {"record_id": "kept", "title": "Stored before", "authors": ["Kept, A."]}
BASES = [
    {"record_id": "doc-1", "title": "A document", "date": "1961-08-13", "text": "Body.",
     "authors": ["Ulbricht, Walter"], "notes": [{"kind": "footnote", "marker": "1", "body": "N."}],
     "files": [{"kind": "pdf", "filename": "a.pdf", "media_type": "application/pdf",
                "path": "scans/a.pdf", "size": 10}]},
    {"record_id": "doc-2", "title": "Linked", "links": [{"type": "person", "id": "kept-a",
                                                          "role": "author"}]},
    {"type": "person", "id": "one", "name": "One, Some", "variants": ["Some One"],
     "identifiers": {"viaf": "1"}},
    {"type": "place", "name": "Berlin", "coordinates": [52.5, 13.4]},
    KEPT | {"title": "Changed by the new file"},
]
SUBFIELDS = ["body", "kind", "language", "marker", "filename", "path", "size", "url", "media_type",
             "sha256", "type", "id", "role", "status", "confidence", "name", "origin", "scheme"]
odd_text = st.one_of(
    st.text(max_size=12),
    st.text(st.sampled_from("0123456789-/.~?%XY[]{},:T+Z "), max_size=24),  # date-like
    st.sampled_from(["", "\x00", "a\x00", "../x", "/etc/passwd", "Y99999", "-0500", "1960/1950",
                     "javascript:alert(1)", "x" * 1001, "doc-1", "kept", "person", "author", "NaN"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70),
                    st.floats(allow_nan=True, allow_infinity=True), odd_text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.sampled_from(SUBFIELDS), st.text(max_size=4)), inner, max_size=3)),
    max_leaves=12)
fields = st.sampled_from(sorted(DOCUMENT_FIELDS | AUTHORITY_FIELDS | {"colour"}))
records = st.builds(lambda base, changes, dropped: {k: v for k, v in (base | changes).items()
                                                     if k not in dropped},
                    st.sampled_from(BASES), st.dictionaries(fields, values, max_size=3),
                    st.sets(fields, max_size=2))
lines = st.one_of(records.map(json.dumps), st.text(max_size=40),
                  values.map(json.dumps), st.just("[" * 5000))


def snapshot() -> tuple:
    counts = tuple(model.objects.count() for model in (Document, Authority, Link, Text, Note,
                                                       Attachment, VariantName, Change))
    return counts, Document.objects.get(record_id="kept").fingerprint


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file_lines=st.lists(lines, min_size=1, max_size=4))
def test_any_json_file_is_stored_whole_or_refused_with_file_line_and_field(db, tmp_path, file_lines):
    path = tmp_path / "fuzz.jsonl"
    text = "\n".join(file_lines) + "\n"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with transaction.atomic():
        store_records("kept.jsonl", [(1, KEPT)])
        before = snapshot()
        try:
            store_records(path, read_json_records(path))
        except IngestError as error:
            assert error.path == str(path)
            assert error.line is not None and 1 <= error.line <= text.count("\n")
            assert error.field is not None or error.message.startswith(("invalid JSON", "not UTF-8",
                                                            "each record must be"))
            assert snapshot() == before
        transaction.set_rollback(True)


VOLUME = (Path(__file__).parent / "data" / "small-volume.xml").read_text(encoding="utf-8")
SECOND = '<div type="document" n="1"><head>3. Memo</head><p>Again.</p></div>\n</div></body>'


@pytest.mark.parametrize(("text", "where"), [
    (VOLUME.replace("DATE", "-0500"), ":13: field 'date': '-0500' is out of range"),
    (VOLUME.replace('when="DATE"', 'notBefore="1999-03-01" notAfter="1999-01-01"'),
     ":13: field 'date': '1999-03-01/1999-01-01' ends before it starts"),
    (VOLUME.replace("DATE", "1999-01-02").replace('n="1" xml:id="d1"', 'n="1"')
     .replace("</div></body>", SECOND), ":21: field 'record_id': 'frus1999v01-n1' is also the ID of "
                                        "the record on line 10"),
    (VOLUME.replace("DATE", "1999-01-02").replace("Able, Ann", "Able, " + "A" * 600),
     ":5: field 'name': is 606 characters long; at most 500"),
    (VOLUME.replace("DATE", "1999-01-02").replace(">XYZ</term>", ">" + "X" * 400 + "</term>"),
     ":7: field 'term': is 400 characters long; at most 300"),
])
def test_bad_tei_names_file_line_and_field(db, tmp_path, text, where):
    path = tmp_path / "volume.xml"
    path.write_text(text, encoding="utf-8")
    result = run("ingest", path)
    assert result.exit_code == 1 and f"error: {path}{where}" in result.output
    assert not Document.objects.exists() and not Authority.objects.exists()
