"""Property: any valid document record survives load and export unchanged."""

import datetime as dt
import io
import json

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivist.ingest.loader import store_records
from archivist.interop.export import write_jsonl

words = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1,
                max_size=40).map(str.strip).filter(bool)
days = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2020, 12, 31))
edtf_dates = st.one_of(
    st.just(""),
    days.map(dt.date.isoformat),
    days.map(lambda d: d.isoformat()[:7]),
    days.map(lambda d: f"{d.year}~"),
    st.tuples(days, days).map(lambda p: "/".join(sorted(d.isoformat() for d in p))),
)
person_names = st.tuples(words, words).map(lambda p: f"{p[0].replace(',', '')}, {p[1].replace(',', '')}")

documents = st.fixed_dictionaries(
    {"record_id": st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True), "title": words},
    optional={
        "summary": words, "date": edtf_dates, "text": words, "source": words, "rights": words,
        "original_language": words, "number": st.integers(1, 999).map(str),
        "authors": st.lists(person_names, max_size=3, unique=True),
        "associated_places": st.lists(words, max_size=3, unique=True),
        "subjects_discussed": st.lists(st.lists(words.map(lambda w: w.replace("-", "")), min_size=1,
                                                max_size=3).map("--".join), max_size=2, unique=True),
        "original_archive": st.lists(words, min_size=1, max_size=3, unique=True),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=documents)
def test_document_records_round_trip(db, record):
    with transaction.atomic():
        store_records("generated.jsonl", [(1, record)])
        out = io.StringIO()
        write_jsonl(out)
        exported = [json.loads(line) for line in out.getvalue().splitlines()]
        document = next(r for r in exported if r["type"] == "document")
        for field, value in record.items():
            if value in ("", []):
                assert field not in document
            else:
                assert document[field] == value, field
        transaction.set_rollback(True)
