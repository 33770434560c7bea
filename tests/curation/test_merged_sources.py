"""What records merged into a record brought (names, identifiers, fields it lacked) is theirs: the kept
record's own source, imported again, neither compares nor replaces it."""

import json

from click.testing import CliRunner

from archivist.cli.main import cli
from archivist.records.models import Authority


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_the_kept_records_own_source_neither_compares_nor_replaces_what_merged_records_brought(db, tmp_path):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    rusk = {"type": "person", "id": "rusk", "name": "Rusk, Dean", "description": "Secretary of State",
            "identifiers": {"viaf": "1"}}
    first.write_text(json.dumps(rusk) + "\n", encoding="utf-8")
    second.write_text(json.dumps({"type": "person", "id": "rusk-2", "name": "Rusk, Dean S.",
                                  "description": "US Secretary of State", "dates": "1909-1994",
                                  "identifiers": {"lccn": "n1"}}) + "\n", encoding="utf-8")
    run("load", first)
    assert "1 person merged into a record already stored" in run("load", second).output
    kept = Authority.objects.get(kind="person", key="rusk")
    assert kept.dates == "1909-1994"  # a field it lacked
    assert kept.variants.get(name="Rusk, Dean S.").scheme == "merged"

    rusk |= {"variants": ["Dean Rusk, Secretary"], "identifiers": {"viaf": "2"}}
    first.write_text(json.dumps(rusk) + "\n", encoding="utf-8")
    output = run("load", first).output
    assert "1 updated" in output and " 0 conflicts" in output
    kept.refresh_from_db()
    assert kept.identifiers == {"viaf": "2", "merged": [{"key": "rusk-2", "lccn": "n1"}]}
    assert {"Dean Rusk, Secretary", "Rusk, Dean S."} <= set(kept.variants.values_list("name", flat=True))
    assert not Authority.objects.filter(key="rusk-2").exists()


def test_an_export_loaded_into_another_archive_keeps_the_merged_keys_leading_to_the_record(db, tmp_path):
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({
        "type": "person", "id": "frus1961-63v06-p_RD3", "name": "Rusk, Dean",
        "identifiers": {"frus": "p_RD3", "merged": [{"key": "frus1964-68v29p2-p_RD3", "frus": "p_RD3"}]},
    }) + "\n" + json.dumps({
        "record_id": "d1", "title": "Memorandum", "links": [
            {"type": "person", "id": "frus1964-68v29p2-p_RD3", "role": "author"}]}) + "\n",
        encoding="utf-8")
    run("load", export)
    rusk = Authority.objects.get(kind="person", key="frus1961-63v06-p_RD3")
    assert rusk.merged.get().key == "frus1964-68v29p2-p_RD3"
    assert rusk.links.get().document.record_id == "d1"  # the merged key leads to the record


def test_a_later_volume_that_tells_two_stored_records_to_be_one_person_merges_them(db, settings, tmp_path):
    """Bohlen of the China volume (an ambassador) and of the Japan volume (an under secretary) share no
    word; the Kennedy volume's Bohlen was both: after it, one record, whatever the order of imports."""
    from tests.curation.test_duplicates import CHINA, JAPAN, KENNEDY, record_of

    settings.MEDIA_ROOT = str(tmp_path / "files")
    run("ingest", "--quiet", CHINA, JAPAN)
    assert record_of("frus1955-57v02-p_BCE1") != record_of("frus1964-68v29p2-p_BCE2")
    output = run("ingest", "--quiet", KENNEDY).output
    bohlen = record_of("frus1961-63v06-p_BCE2")
    assert bohlen == record_of("frus1955-57v02-p_BCE1") == record_of("frus1964-68v29p2-p_BCE2")
    assert Authority.objects.filter(kind="person", sort_name="Bohlen, Charles E.").count() == 1
    assert "people merged into records already stored" in output


def test_records_of_one_file_are_never_merged_with_each_other(db, tmp_path):
    path = tmp_path / "people.jsonl"
    path.write_text("".join(json.dumps({"type": "person", "id": f"smith-{n}", "name": "Smith, John",
                                        "description": "Ambassador to Peru"}) + "\n" for n in (1, 2)),
                    encoding="utf-8")
    assert "merged" not in run("load", path).output
    assert Authority.objects.filter(kind="person", sort_name="Smith, John").count() == 2
