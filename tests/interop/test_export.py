"""Export of a large archive."""

import io
import json

from archivist.ingest.loader import store_records
from archivist.interop.export import write_jsonl


def test_export_of_batches_naming_thousands_of_authorities(db):
    records = [{"record_id": f"d{i}", "title": f"Document {i}",
                "authors": [f"Author{i}, A", f"Writer{i}, B"], "associated_places": [f"Place {i}"]}
               for i in range(700)]
    store_records("many.jsonl", enumerate(records, start=1))
    out = io.StringIO()
    assert write_jsonl(out) == 700 + 700 * 3
    last = json.loads(out.getvalue().splitlines()[-1])
    assert last["authors"] == ["Author99, A", "Writer99, B"]
