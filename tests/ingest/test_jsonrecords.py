"""JSON Lines files are read line by line: errors name their line, a byte order mark is allowed."""

import pytest

from archivist.ingest.errors import IngestError
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.records.models import Document


def test_bad_utf8_names_its_line_and_stores_nothing(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"record_id": "a", "title": "A"}\n\n' + b'{"record_id": "b", "title": "\xff"}\n')
    with pytest.raises(IngestError, match=r"bad\.jsonl:3: not UTF-8"):
        store_records(path, read_json_records(path))
    assert not Document.objects.exists()


def test_byte_order_mark_and_blank_lines(db, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes('\ufeff{"record_id": "a", "title": "A"}\n\n{"record_id": "b", "title": "B"}\n'.encode())
    assert [line for line, _ in read_json_records(path)] == [1, 3]
    assert dict(store_records(path, read_json_records(path)).counts) == {"added": 2}
