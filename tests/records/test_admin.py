"""Curators' edits in the admin reach the outbox, like imports do."""

from archivist.records.models import Change, Document


def test_admin_status_action_and_delete_write_the_outbox(admin_client, full_record):
    document = Document.objects.get(record_id="110390")
    Change.objects.all().delete()
    response = admin_client.post("/admin/records/document/", {
        "action": "restrict", "_selected_action": [document.pk]})
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).status == "restricted"
    admin_client.post(f"/admin/records/document/{document.pk}/delete/", {"post": "yes"})
    assert not Document.objects.filter(pk=document.pk).exists()
    assert list(Change.objects.values_list("record_id", "action")) == [
        ("110390", "upsert"), ("110390", "delete")]


def test_admin_lists_documents_and_authorities(admin_client, full_record):
    assert "110390" in admin_client.get("/admin/records/document/").content.decode()
    page = admin_client.get("/admin/records/authority/?q=Chou").content.decode()
    assert "Zhou, Enlai" in page


def test_admin_and_site_styles_are_served_by_the_app(client):
    assert client.get("/static/admin/css/base.css").status_code == 200
    assert client.get("/static/archivist/site.css").status_code == 200
