"""An import's summary names one of a thing in the singular: "1 person merged", never "1 people"."""

from archivist.ingest.loader import ONE, LoadReport


def test_one_of_each_thing_counted_is_named_in_the_singular():
    report = LoadReport()
    report.counts.update({"added": 1})
    report.kinds.update({"documents": 1})
    report.extras.update({name: 1 for name in ONE} | {"glossary terms": 2})
    summary = report.summary()
    assert "1 added, 0 updated, 0 unchanged, 0 conflicts (1 document)" in summary
    assert "1 person merged into a record already stored" in summary and "1 editorial note skipped" in summary
    assert "2 glossary terms" in summary and "1 people" not in summary and "1 names" not in summary
