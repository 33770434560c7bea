"""Enrichment against the database: the reference record, proposals, judgments, variants, dates."""

import io
import json

import pytest

from archivist.curation.review import judge
from archivist.enrich.models import Mention, TextDate
from archivist.enrich.services import enrich_documents, find_link, regenerate_variants, timeline
from archivist.interop.export import write_jsonl
from archivist.records.models import Authority, Change, Document, Link, VariantName
from archivist.records.recordformat import RecordError


def links_of(record_id="110390"):
    return {(link.authority.key, link.status): link.confidence
            for link in Link.objects.filter(document__record_id=record_id).select_related("authority")}


def test_reference_record_confirms_curated_people_and_proposes_molotov_and_mikoyan(full_record):
    before = links_of()
    report = enrich_documents()
    mentioned = set(Mention.objects.values_list("authority__key", flat=True))
    assert {"stalin-joseph", "zhou-enlai", "li-fuchun", "dong-biwu", "molotov-vyacheslav",
            "mikoyan-anastas"} <= mentioned
    after = links_of()
    for key in ("stalin-joseph", "zhou-enlai", "li-fuchun", "dong-biwu"):
        assert (key, "curated") in after and (key, "proposed") not in after
    assert after[("molotov-vyacheslav", "proposed")] > 0.8
    assert after[("mikoyan-anastas", "proposed")] > 0.8
    assert {k: v for k, v in after.items() if k[1] == "curated"} == before
    assert report.confirmed >= 4 and report.proposed == len(after) - len(before)
    assert Link.objects.filter(status="proposed", role="associated").count() == report.proposed


def test_rerun_changes_nothing_and_keeps_judgments(full_record):
    enrich_documents()
    judge([find_link("110390", "person/molotov-vyacheslav").pk], "accepted")
    judge([find_link("110390", "mikoyan-anastas").pk], "rejected")
    judged = links_of()
    changes = Change.objects.count()
    report = enrich_documents()
    assert links_of() == judged
    assert report.proposed == 0 and report.withdrawn == 0
    assert Change.objects.count() == changes


def test_accepted_links_become_associated_people_and_are_reindexed(full_record):
    enrich_documents()
    last = Change.objects.order_by("-id").first().id
    judge([find_link("110390", "person/molotov-vyacheslav").pk], "accepted")
    assert Change.objects.filter(id__gt=last, record_id="110390").exists()
    document = Document.objects.get(record_id="110390")
    visible = {link.authority.key for link in document.links.filter(status__in=Link.VISIBLE)}
    assert "molotov-vyacheslav" in visible and "mikoyan-anastas" not in visible


def test_judging_an_unknown_or_curated_link_fails(full_record):
    enrich_documents()
    with pytest.raises(RecordError, match="no proposed link"):
        judge([find_link("110390", "person/zhou-enlai").pk], "accepted")
    with pytest.raises(RecordError, match="no proposed link"):
        judge([find_link("110390", "person/nobody").pk], "rejected")


def test_export_shows_proposals_with_status_and_confidence(full_record):
    enrich_documents()
    judge([find_link("110390", "mikoyan-anastas").pk], "rejected")
    out = io.StringIO()
    write_jsonl(out)
    document = next(json.loads(line) for line in out.getvalue().splitlines()
                    if json.loads(line).get("record_id") == "110390")
    by_id = {link["id"]: link for link in document["links"]}
    assert by_id["molotov-vyacheslav"]["status"] == "proposed"
    assert 0.8 < by_id["molotov-vyacheslav"]["confidence"] <= 1
    assert by_id["mikoyan-anastas"]["status"] == "rejected"
    assert by_id["zhou-enlai"]["status"] == "curated"


def test_dates_in_the_text_are_kept_for_a_timeline(full_record):
    enrich_documents()
    assert TextDate.objects.filter(date="1950-01-09").exists()
    entries = timeline(["110390"])
    assert [e["earliest"] for e in entries] == sorted(e["earliest"] for e in entries)
    departure = next(e for e in entries if e["date"] == "1950-01-09")
    assert "depart from Beijing" in departure["sentence"] and departure["relative"]
    assert departure["record_id"] == "110390"


def test_generated_variants_are_stored_and_curated_ones_kept(full_record):
    mao = Authority.objects.get(kind="person", key="mao-zedong")
    curated = set(mao.variants.filter(origin="curated").values_list("name", flat=True))
    mao.variants.filter(origin="generated").delete()  # made by `archivist load`; as if rules changed
    made = regenerate_variants(mao)
    generated = dict(mao.variants.filter(origin="generated").values_list("name", "scheme"))
    assert len(generated) == made and generated["Mao, Tse-tung"] == "inverted"
    assert set(mao.variants.filter(origin="curated").values_list("name", flat=True)) == curated
    changes = Change.objects.count()
    assert regenerate_variants(mao) == made  # not added again
    assert Change.objects.count() == changes  # nothing changed, nothing to reindex
    mao.variants.filter(name="Mao, Tse-tung").delete()
    regenerate_variants(mao)
    assert Change.objects.filter(record_id="110390").count() > 1


def test_variants_make_new_spellings_linkable(db):
    from archivist.records.recordformat import read_authority
    from archivist.records.services import save_authority

    save_authority(read_authority({"type": "person", "id": "khrushchev", "name": "Khrushchev, Nikita S.",
                                   "variants": ["Хрущёв"], "identifiers": {"frus": "p_KNS1"}}))
    khrushchev = Authority.objects.get(key="khrushchev")
    regenerate_variants(khrushchev)
    assert VariantName.objects.filter(authority=khrushchev, name="Chruschtschow", scheme="german").exists()
    from archivist.enrich.services import build_linker

    found = build_linker(["a text"]).link("Chruschtschow sprach.")
    assert [m.entry_id for m in found] == [str(khrushchev.pk)]
    khrushchev.refresh_from_db()
    assert khrushchev.identifiers == {"frus": "p_KNS1"}


def test_check_reports_proposals_awaiting_review(full_record):
    from archivist.checks import run_checks

    enrich_documents()
    problems = [p for p in run_checks() if p.what == "document with proposed links awaiting review"]
    assert [p.where for p in problems] == [f"110390 ({Link.objects.filter(status='proposed').count()})"]


def test_variants_of_a_name_longer_than_the_column_are_stable(full_record):
    long_name = "Хрущёв, " + "Щ" * 200  # its German spelling is longer than a variant may be
    person = Authority.objects.create(kind="person", key="long", sort_name=long_name,
                                      display_name=long_name)
    Link.objects.create(document=Document.objects.get(record_id="110390"), authority=person,
                        role="associated")
    assert regenerate_variants(person) >= 1
    changes = Change.objects.count()
    regenerate_variants(person)
    assert Change.objects.count() == changes


def test_names_are_read_in_the_title_summary_and_notes_where_each_was_found(db):
    """FRUS editors name many people only in a heading or a source note: enrich reads every part."""
    from archivist.curation.review import evidence
    from archivist.records.recordformat import read_authority, read_document
    from archivist.records.services import save_authority, save_document

    for key, name, identification in (
            ("nixon", "Nixon, Richard M.", "President of the United States"),
            ("kissinger", "Kissinger, Henry A.", "Assistant to the President for National Security Affairs"),
            ("rogers", "Rogers, William P.", "Secretary of State"), ("laird", "Laird, Melvin R.", ""),
            ("dobrynin", "Dobrynin, Anatoly F.", "Soviet Ambassador to the United States")):
        save_authority(read_authority({"type": "person", "id": key, "name": name,
                                       "description": identification}))
    save_document(read_document({
        "record_id": "memo-1", "title": "Memorandum From President Nixon to his Assistant (Kissinger)",
        "date": "1970-03-02", "summary": "Nixon asks about Secretary Rogers' talks.",
        "text": "Please see me about the proposal.", "text_language": "English",
        "notes": [{"kind": "source", "body": "Source: Nixon Library. Drafted by Melvin R. Laird."},
                  {"kind": "footnote", "marker": "1", "body": "Ambassador Dobrynin called on March 1."}]}))
    enrich_documents()
    found = {(m.authority.key, m.part, m.position, m.surface)
             for m in Mention.objects.select_related("authority")}
    assert {("nixon", "title", 0, "President Nixon"), ("kissinger", "title", 0, "Kissinger"),
            ("rogers", "summary", 0, "Secretary Rogers"), ("laird", "note", 0, "Melvin R. Laird"),
            ("dobrynin", "note", 1, "Ambassador Dobrynin")} <= found
    document = Document.objects.get(record_id="memo-1")
    assert {link.authority.key for link in document.links.filter(status="proposed")} == {
        "nixon", "kissinger", "rogers", "laird", "dobrynin"}
    for mention in Mention.objects.all():  # each mention's place points at its name in its own part
        part = {"title": document.title, "summary": document.summary,
                "note": document.notes.get(position=mention.position).body if mention.part == "note" else ""}
        assert part[mention.part][mention.start:mention.end] == mention.surface
    passages = evidence(document.links.filter(authority__key="dobrynin"))
    (shown,) = passages.values()
    assert [text for text, marked in shown.passages[0].parts if marked] == ["Ambassador Dobrynin"]
