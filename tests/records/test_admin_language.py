"""The admin speaks the archive's language: the site's name as its header, inline rows labelled by
their content, a title field wide enough to read, and links filterable by status."""

from __future__ import annotations

from django.conf import settings

from archivist.records.models import Attachment, Document, Link, Note


def test_the_admin_is_headed_with_the_site_name(admin_client, db):
    page = admin_client.get("/admin/").content.decode()
    assert f'<a href="/admin/">{settings.SITE_NAME}</a>' in page
    assert f"<title>Curators' workspace | {settings.SITE_NAME}</title>" in page.replace("&#x27;", "'")
    assert "Django administration" not in page


def test_inline_rows_are_labelled_by_their_content(admin_client, full_record):
    document = Document.objects.get(record_id=full_record)
    Note.objects.create(document=document, kind="footnote", marker="1", body="A footnote.")
    Attachment.objects.create(document=document, kind="scan", filename="page-1.jpg", media_type="image/jpeg")
    page = admin_client.get(f"/admin/records/document/{document.pk}/change/").content.decode()
    text = document.texts.first()
    assert f"{text.get_kind_display()}, {text.language}" in page
    assert "Footnote 1" in page and "scan: page-1.jpg" in page
    assert "Author: Mao Zedong (person)" in page
    assert " object (" not in page


def test_the_title_field_is_wide_with_a_style_sheet_the_app_serves(admin_client, full_record):
    document = Document.objects.get(record_id=full_record)
    page = admin_client.get(f"/admin/records/document/{document.pk}/change/").content.decode()
    assert 'class="vTextField document-title"' in page
    assert 'href="/static/records/admin.css"' in page
    css = b"".join(admin_client.get("/static/records/admin.css").streaming_content).decode()
    assert ".document-title" in css and "width: 100%" in css


def test_links_are_listed_and_filtered_by_status_role_and_kind(admin_client, full_record):
    document = Document.objects.get(record_id=full_record)
    proposed = document.links.get(authority__display_name="Zhou Enlai")
    proposed.status = Link.Status.PROPOSED
    proposed.save()
    page = admin_client.get("/admin/records/link/?status__exact=proposed").content.decode()
    assert "Zhou, Enlai" in page and "Mao, Zedong" not in page
    assert "1 link" in page
    authors = admin_client.get("/admin/records/link/?role__exact=author&authority__kind__exact=person")
    assert "Mao, Zedong" in authors.content.decode() and "Zhou, Enlai" not in authors.content.decode()
    assert "/admin/records/link/add/" not in page  # a link is added in its document's form
