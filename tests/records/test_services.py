"""Saving records: links made by name, the outbox, enrichment kept across re-imports."""

from archivist.records.models import Authority, Change, Document, Link
from archivist.records.recordformat import read_document
from archivist.records.services import Outcome, delete_document, save_document, set_status


def minimal(**fields) -> dict:
    return {"record_id": "d1", "title": "Telegram", **fields}


def test_names_create_authority_records_of_the_right_kind(db):
    save_document(read_document(minimal(
        authors=["Kennedy, John F.", "Department of State"],
        associated_places=["Berlin"], subjects_discussed=["Germany--Foreign relations"])))
    kinds = dict(Authority.objects.values_list("sort_name", "kind"))
    assert kinds["Kennedy, John F."] == "person"
    assert kinds["Department of State"] == "organization"
    assert kinds["Berlin"] == "place"
    assert Authority.objects.get(sort_name="Germany--Foreign relations").parent.sort_name == "Germany"


def test_names_match_variant_names_of_existing_records(full_record):
    save_document(read_document(minimal(associated_people_and_organizations=["Chou En-lai"])))
    link = Document.objects.get(record_id="d1").links.get()
    assert link.authority.key == "zhou-enlai"


def test_every_change_is_written_to_the_outbox(db):
    save_document(read_document(minimal()))
    save_document(read_document(minimal(title="Telegram, revised")))
    set_status("d1", "restricted")
    delete_document("d1")
    assert list(Change.objects.values_list("action", flat=True)) == [
        "upsert", "upsert", "upsert", "delete"]


def test_reimport_keeps_links_proposed_by_enrichment(db):
    save_document(read_document(minimal(authors=["Kennedy, John F."])))
    document = Document.objects.get(record_id="d1")
    khrushchev = Authority.objects.create(kind="person", key="khrushchev", sort_name="Khrushchev",
                                          display_name="Khrushchev")
    Link.objects.create(document=document, authority=khrushchev, role="associated",
                        status="proposed", confidence=0.8)
    outcome = save_document(read_document(minimal(authors=["Kennedy, John F."], summary="new")))
    assert outcome is Outcome.UPDATED
    assert set(document.links.values_list("authority__key", "status")) == {
        ("kennedy-john-f", "curated"), ("khrushchev", "proposed")}


def test_reloading_an_authority_keeps_generated_variants(db):
    from archivist.records.models import VariantName
    from archivist.records.recordformat import read_authority
    from archivist.records.services import save_authority

    record = {"type": "person", "id": "zhou", "name": "Zhou, Enlai", "variants": ["周恩来"]}
    save_authority(read_authority(record))
    zhou = Authority.objects.get(key="zhou")
    VariantName.objects.create(authority=zhou, name="Chou En-lai", origin="generated",
                               scheme="wade-giles")
    assert save_authority(read_authority(record)) is Outcome.UNCHANGED
    assert save_authority(read_authority(record | {"variants": ["周恩來"]})) is Outcome.UPDATED
    assert sorted(zhou.variants.values_list("name", "origin")) == [
        ("Chou En-lai", "generated"), ("周恩來", "curated")]
