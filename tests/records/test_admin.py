"""Curators' edits in the admin reach the outbox, like imports do: status actions, the change form
(a renamed record ID queues its old ID for deletion), inline edits, and single and bulk deletes."""

import json

from django.forms.models import model_to_dict

from archivist.records.models import Authority, Change, Document
from archivist.records.recordformat import read_document
from archivist.records.services import save_document


def _changes() -> list[tuple[str, str]]:
    return list(Change.objects.values_list("record_id", "action"))


def admin_form_data(document: Document, **changed) -> dict:
    """The change form's fields as the admin page posts them, inlines unchanged."""
    data = {name: value for name, value in model_to_dict(document).items()
            if name not in ("id", "authorities") and value is not None}
    for prefix, related in (("texts", document.texts), ("notes", document.notes),
                            ("attachments", document.attachments), ("links", document.links)):
        rows = list(related.all())
        data |= {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)}
        for number, row in enumerate(rows):
            for name, value in model_to_dict(row).items():
                if value is not None:
                    data[f"{prefix}-{number}-{name}"] = value
    return data | changed


def authority_form_data(authority: Authority, delete: tuple[str, ...] = (), **changed) -> dict:
    """An authority record's change form as the admin page posts it, its variant names unchanged but
    those named in `delete`, ticked for removal (numbered in the order they were made)."""
    data = {name: value for name, value in model_to_dict(authority).items()
            if name != "id" and value is not None}
    data["identifiers"] = json.dumps(authority.identifiers)
    variants = list(authority.variants.order_by("pk"))
    data |= {"variants-TOTAL_FORMS": len(variants), "variants-INITIAL_FORMS": len(variants)}
    merged = authority.merged.count()  # the read-only list of merged records posts its count too
    data |= {"merged-TOTAL_FORMS": merged, "merged-INITIAL_FORMS": merged}
    for number, variant in enumerate(variants):
        data |= {f"variants-{number}-{name}": value for name, value in model_to_dict(variant).items()}
        if variant.name in delete:
            data[f"variants-{number}-DELETE"] = "on"
    return data | changed


def test_admin_status_action_and_delete_write_the_outbox(admin_client, full_record):
    document = Document.objects.get(record_id="110390")
    Change.objects.all().delete()
    response = admin_client.post("/admin/records/document/", {
        "action": "restrict", "_selected_action": [document.pk]})
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).status == "restricted"
    admin_client.post(f"/admin/records/document/{document.pk}/delete/", {"post": "yes"})
    assert not Document.objects.filter(pk=document.pk).exists()
    assert _changes() == [("110390", "upsert"), ("110390", "delete")]


def test_change_form_renaming_a_record_id_queues_the_old_id_for_deletion(admin_client, full_record):
    document = Document.objects.get(record_id="110390")
    Change.objects.all().delete()
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/",
                                 admin_form_data(document, record_id="110390-renamed", title="A new title"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.get(pk=document.pk).record_id == "110390-renamed"
    assert _changes() == [("110390", "delete"), ("110390-renamed", "upsert")]


def test_inline_edit_alone_reaches_the_outbox(admin_client, full_record):
    document = Document.objects.get(record_id="110390")
    Change.objects.all().delete()
    data = admin_form_data(document)
    data["texts-0-body"] = "An edited text."
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert document.texts.first().body == "An edited text."
    assert _changes() == [("110390", "upsert")]


def test_bulk_delete_queues_every_deleted_document(admin_client, full_record):
    second = {"type": "document", "record_id": "second", "title": "Second", "date": "1950"}
    save_document(read_document(second))
    ids = list(Document.objects.values_list("pk", flat=True))
    Change.objects.all().delete()
    response = admin_client.post("/admin/records/document/", {
        "action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert sorted(_changes()) == [("110390", "delete"), ("second", "delete")]


def test_admin_lists_documents_and_authorities(admin_client, full_record):
    assert "110390" in admin_client.get("/admin/records/document/").content.decode()
    page = admin_client.get("/admin/records/authority/?q=Chou").content.decode()
    assert "Zhou, Enlai" in page


def test_admin_and_site_styles_are_served_by_the_app(client):
    assert client.get("/static/admin/css/base.css").status_code == 200
    assert client.get("/static/archivist/site.css").status_code == 200
