"""Attacks on the curators' workspace: an editor trying every way to publish, restrict or delete; an
account without a role, anonymous visitors and forged requests; hostile ids and query strings; hostile
text in the history and the review screen; and curators' decisions (an indefinite restriction, a
judged link) that a background job, a restore or an import must not undo."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.test import Client
from django.utils import timezone
from reversion.models import Revision, Version

from archivist.curation import review
from archivist.curation.embargo import release_due, restrict_until
from archivist.curation.history import add_documents, recorded, restore
from archivist.curation.publishing import set_statuses
from archivist.curation.roles import add_user
from archivist.enrich.services import enrich_documents
from archivist.ingest.jsonrecords import read_json_records
from archivist.ingest.loader import store_records
from archivist.records.models import Attachment, Authority, Document, Link
from tests.records.test_admin import admin_form_data, authority_form_data

PASSWORD = "quiet-archive-lamp-42"
DOCUMENTS = "/admin/records/document/"
AUTHORITIES = "/admin/records/authority/"
LINKS = "/admin/records/link/"
REVIEW = "/curate/review/"
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def login(db):
    """A client signed in as a new person with the role ("none": staff without a role)."""
    def as_role(role: str, **client_options) -> Client:
        user = get_user_model().objects.filter(username=role).first()
        if user is None and role == "none":
            user = get_user_model().objects.create_user("none", password=PASSWORD, is_staff=True)
        elif user is None:
            add_user(role, role, PASSWORD)
            user = get_user_model().objects.get(username=role)
        client = Client(**client_options)
        client.force_login(user)
        return client
    return as_role


@pytest.fixture
def draft(full_record) -> Document:
    """The reference document withdrawn to draft, its status recorded in a version."""
    set_statuses([full_record], "draft", "withdrawn for checking")
    return Document.objects.get(record_id=full_record)


def _fresh(document: Document) -> Document:
    return Document.objects.get(pk=document.pk)


def _user(name: str):
    return get_user_model().objects.get(username=name)


# An editor publishes, restricts and deletes nothing, whichever way they try ---------------------------

def test_editor_forms_carrying_a_status_publish_nothing(login, draft):
    client = login("editor")
    form = admin_form_data(draft, title="Edited title", status="published",
                           embargoed_until=(TODAY() + 3 * DAY).isoformat())
    assert client.post(f"{DOCUMENTS}{draft.pk}/change/", form).status_code == 302
    assert (_fresh(draft).title, _fresh(draft).status, _fresh(draft).embargoed_until) == (
        "Edited title", "draft", None)
    # "Save as new" is honoured by Django whatever save_as says: the copy is a draft too.
    copied = form | {"record_id": "copy-1", "_saveasnew": "Save as new"}
    client.post(f"{DOCUMENTS}{draft.pk}/change/", copied)
    assert Document.objects.get(record_id="copy-1").status == "draft"


def test_editor_crafted_actions_and_deletes_change_nothing(login, full_record):
    document = Document.objects.get(record_id=full_record)
    authority = Authority.objects.filter(documents=document).first()
    client = login("editor")
    for action in ("publish", "restrict", "withdraw", "delete_selected"):
        client.post(DOCUMENTS, {"action": action, "_selected_action": [document.pk], "post": "yes"})
        assert _fresh(document).status == "published"
    client.post(AUTHORITIES, {"action": "delete_selected", "_selected_action": [authority.pk], "post": "yes"})
    assert client.post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{AUTHORITIES}{authority.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()
    assert Authority.objects.filter(pk=authority.pk).exists()


def test_editor_cannot_move_a_link_or_publish_through_the_links_page(login, draft, full_record):
    link = Link.objects.filter(document=draft).first()
    other = Document.objects.create(record_id="other-1", title="Other", status="published")
    client = login("editor")
    response = client.post(f"{LINKS}{link.pk}/change/", {
        "status": "rejected", "document": other.pk, "role": "author", "confidence": "0.1"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.document_id, link.status) == (draft.pk, "rejected")
    assert _fresh(draft).status == "draft"


def test_reversions_recover_and_revert_pages_bring_back_nothing(login, full_record):
    document = Document.objects.get(record_id=full_record)
    version = Version.objects.get_for_object(document).latest("pk")
    login("admin").post(f"{DOCUMENTS}{document.pk}/delete/", {"post": "yes"})
    assert not Document.objects.filter(record_id=full_record).exists()
    for role in ("editor", "admin"):
        client = login(role)
        for url in (f"{DOCUMENTS}recover/", f"{DOCUMENTS}recover/{version.pk}/",
                    f"{DOCUMENTS}{document.pk}/history/{version.pk}/"):
            assert client.get(url).status_code in (302, 404)
            assert client.post(url, {"_save": "Save"}).status_code in (302, 403, 404)
    assert not Document.objects.filter(record_id=full_record).exists()


def test_an_account_without_a_role_reaches_no_history_restore_link_or_review(login, full_record):
    document = Document.objects.get(record_id=full_record)
    version = Version.objects.get_for_object(document).latest("pk")
    link = Link.objects.filter(document=document).first()
    set_statuses([full_record], "draft", "withdrawn")
    client = login("none")
    for url in (f"{DOCUMENTS}{document.pk}/history/", f"{LINKS}", f"{LINKS}{link.pk}/change/", REVIEW,
                f"{DOCUMENTS}{document.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert document.title.encode() not in response.content
    assert client.post(f"{DOCUMENTS}{document.pk}/history/{version.pk}/restore/").status_code == 403
    assert client.post(REVIEW, {"accept": str(link.pk)}).status_code == 403
    assert client.get("/admin/records/").status_code == 404
    assert client.get("/admin/autocomplete/", {"app_label": "records", "model_name": "link",
                                               "field_name": "authority", "term": "Mol"}).status_code == 403
    index = client.get("/admin/").content.decode()
    assert "/curate/review/" not in index and "/admin/records/" not in index
    assert _fresh(document).status == "draft"


def test_restore_wants_a_post_with_the_csrf_token(login, full_record):
    document = Document.objects.get(record_id=full_record)
    with recorded("as published"):
        add_documents([document.pk])
    version = Version.objects.get_for_object(document).latest("pk")
    set_statuses([full_record], "draft", "withdrawn")
    url = f"{DOCUMENTS}{document.pk}/history/{version.pk}/restore/"
    guarded = login("admin", enforce_csrf_checks=True)
    assert guarded.get(url).status_code == 405
    assert guarded.post(url).status_code == 403
    assert Client().post(url).status_code == 302  # anonymous: to the login page
    assert _fresh(document).status == "draft"


# Hostile ids and query strings: 400 or 404, never a server error -----------------------------------

@pytest.mark.parametrize("path", [
    "abc/history/", "99999999999999999999999999/history/", "-1/history/", "%00/history/", "1%00/history/",
    "{pk}/history/99999999999999999999999999/restore/", "{pk}/history/0/restore/",
    "99999999999999999999999999/history/1/restore/", "abc/history/1/restore/",
    "{pk}/history/{other}/restore/",
])
def test_hostile_history_and_restore_addresses_are_refused(login, full_record, path):
    document = Document.objects.get(record_id=full_record)
    authority = Authority.objects.filter(documents=document).first()
    with recorded("an authority's version"):
        authority.save()
    other = Version.objects.get_for_object(authority).latest("pk").pk  # not one of the document's
    client = login("admin")
    url = DOCUMENTS + path.format(pk=document.pk, other=other)
    response = client.post(url) if "restore" in path else client.get(url)
    assert response.status_code in (302, 400, 403, 404)
    assert Revision.objects.filter(comment__startswith="restored").count() == 0


@pytest.mark.parametrize("data", [
    {"accept": "1", "reject": "1"}, {"accept": "\x001"}, {"accept": "1\x00"}, {"accept": "١"},
    {"accept": "99999999999999999999"}, {"accept": "selected", "link": ["1", "x"]},
    {"accept": "selected", "link": "1e3"}, {"accept": "-1"}, {"reject": ""}, {},
])
def test_hostile_judgments_are_400(login, full_record, data):
    assert login("editor").post(REVIEW, data).status_code == 400


@pytest.mark.parametrize("query", [
    "document=%00", "authority=person/%00", "min_confidence=nan", "max_confidence=1e999",
    "min_confidence=-inf", "kind=<script>", "collection=topic/%00", "order=<x>",
])
def test_hostile_review_queries_are_400(login, full_record, query):
    response = login("editor").get(f"{REVIEW}?{query}")
    assert response.status_code == 400
    assert b"<script>" not in response.content and b"<x>" not in response.content


def test_odd_review_requests_neither_fail_nor_change(login, full_record):
    client = login("editor")
    for query in ("page=99999999999999999999999", "page=-0", "document=a&document=b", "order[]=x",
                  "accept=1"):
        assert client.get(f"{REVIEW}?{query}").status_code == 200
    assert client.get(f"{REVIEW}?page=%00").status_code == 400  # the site refuses NUL everywhere
    assert client.put(REVIEW).status_code == 405 and client.delete(REVIEW).status_code == 405
    # A link number that fits but names no link: the page says so and changes nothing.
    response = client.post(REVIEW, {"accept": "999999999999999999"}, follow=True)
    assert response.status_code == 200 and b"Nothing was changed" in response.content


# Hostile text is escaped in the history and on the review screen ----------------------------------

def test_hostile_text_from_an_import_is_escaped_in_the_history_and_the_review(login, full_record, tmp_path):
    path = tmp_path / "hostile.jsonl"
    record = {"type": "document", "record_id": "hostile-1", "title": f"Title {HOSTILE}", "status": "draft",
              "date": "1950-02-01", "text_language": "English",
              "text": f"First line.\nTalks with Molotov {HOSTILE} went on.\nLast line."}
    path.write_text(json.dumps(record) + "\n")
    store_records(path, read_json_records(path))
    record |= {"title": f"Retitled {HOSTILE}", "text": f"First line.\nMolotov said {HOSTILE} again.\nEnd."}
    path.write_text(json.dumps(record) + "\n")
    store_records(path, read_json_records(path))
    enrich_documents(["hostile-1"])
    document = Document.objects.get(record_id="hostile-1")
    assert document.title.startswith("Retitled")
    client = login("admin")
    pages = [client.get(f"{DOCUMENTS}{document.pk}/history/"), client.get(f"{REVIEW}?document=hostile-1")]
    for response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert" in page
        # CSP: no inline script or style on the page, and the header allows none.
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", page)
        assert " style=" not in page and "<style" not in page
        policy = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
    assert "Molotov" in pages[1].content.decode()  # the review showed the passage, escaped


# Curators' decisions stay ---------------------------------------------------------------------------

def test_restricting_an_embargoed_document_again_ends_its_embargo(login, full_record):
    """A curator who restricts with no day means it to stay restricted: the worker must not publish
    it on the old embargo's day (the command, and the admin's list action)."""
    restrict_until(full_record, TODAY() + 3 * DAY)
    set_statuses([full_record], "restricted", "archivist restrict 110390 (command line, test)")
    assert Document.objects.get(record_id=full_record).embargoed_until is None
    assert release_due(TODAY() + 5 * DAY) == []
    restrict_until(full_record, TODAY() + 3 * DAY)
    client = login("publisher")
    document = Document.objects.get(record_id=full_record)
    client.post(DOCUMENTS, {"action": "restrict", "_selected_action": [document.pk]})
    assert release_due(TODAY() + 5 * DAY) == []
    assert _fresh(document).status == "restricted"


def test_restoring_a_version_whose_embargo_has_ended_publishes_nothing(login, full_record):
    """A version restricted until a day now past: restored, the document stays restricted (no embargo),
    rather than being published by the worker a second later."""
    document = Document.objects.get(record_id=full_record)
    with recorded("restricted until a day now past"):
        Document.objects.filter(pk=document.pk).update(status="restricted", embargoed_until=TODAY() - DAY)
        add_documents([document.pk])
    version = Version.objects.get_for_object(document).latest("pk")
    for restorer in (None, "publisher"):
        set_statuses([full_record], "draft", "withdrawn")
        user = None
        if restorer:
            add_user(restorer, restorer, PASSWORD)
            user = _user(restorer)
        comment = restore(Version.objects.get(pk=version.pk), user)
        assert (_fresh(document).status, _fresh(document).embargoed_until) == ("restricted", None)
        assert "embargo" in comment
        assert release_due() == []


def test_restoring_a_version_with_an_embargo_to_come_keeps_it(full_record):
    document = Document.objects.get(record_id=full_record)
    day = TODAY() + 3 * DAY
    restrict_until(full_record, day)
    version = Version.objects.get_for_object(document).latest("pk")
    set_statuses([full_record], "published", "published early")
    restore(version)
    assert (_fresh(document).status, _fresh(document).embargoed_until) == ("restricted", day)


def test_an_import_again_keeps_the_links_curators_judged(full_record, tmp_path):
    record = {"type": "document", "record_id": "judged-1", "title": "Talks", "date": "1950-02-01",
              "text_language": "English",
              "text": "Talks with Molotov went on all night. Mikoyan said nothing."}
    path = tmp_path / "judged.jsonl"
    path.write_text(json.dumps(record) + "\n")
    store_records(path, read_json_records(path))
    enrich_documents(["judged-1"])
    queue = review.proposed_links(review.QueueFilter(document="judged-1"))
    proposed = {link.authority.key: link for link in queue}
    assert {"molotov-vyacheslav", "mikoyan-anastas"} <= proposed.keys()
    review.judge([proposed["molotov-vyacheslav"].pk], "accepted")
    review.judge([proposed["mikoyan-anastas"].pk], "rejected")
    path.write_text(json.dumps(record | {"title": "Talks at night"}) + "\n")
    store_records(path, read_json_records(path))
    enrich_documents(["judged-1"])
    statuses = dict(Link.objects.filter(document__record_id="judged-1", authority__key__in=proposed)
                    .values_list("authority__key", "status"))
    assert statuses["molotov-vyacheslav"] == "accepted"
    assert statuses["mikoyan-anastas"] == "rejected"


def test_an_import_does_not_publish_or_overwrite_a_document_an_editor_created(login, full_record, tmp_path):
    client = login("editor")
    form = {"record_id": "new-1", "title": "The editor's title", "status": "published"}
    for prefix in ("texts", "notes", "attachments", "links"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    assert client.post(f"{DOCUMENTS}add/", form).status_code == 302
    assert Document.objects.get(record_id="new-1").status == "draft"
    path = tmp_path / "same-id.jsonl"
    path.write_text(json.dumps({"type": "document", "record_id": "new-1", "title": "The file's title",
                                "status": "published", "date": "1950-02-01", "text_language": "English",
                                "text": "Words."}) + "\n")
    store_records(path, read_json_records(path))
    document = Document.objects.get(record_id="new-1")
    assert (document.status, document.title) == ("draft", "The editor's title")


def test_an_authority_record_an_editor_created_is_marked_never_imported(login, db):
    client = login("editor")
    response = client.post(f"{AUTHORITIES}add/", {
        "kind": "person", "key": "new-person", "sort_name": "Person, New", "display_name": "New Person",
        "identifiers": "{}", "variants-TOTAL_FORMS": 0, "variants-INITIAL_FORMS": 0,
        "merged-TOTAL_FORMS": 0, "merged-INITIAL_FORMS": 0})
    assert response.status_code == 302
    assert Authority.objects.get(kind="person", key="new-person").imported == {}


def test_an_editors_save_does_not_bring_back_a_status_changed_meanwhile(login, full_record):
    """A publisher withdraws the document while an editor's save is on its way (between the admin's
    reading the document and writing it): the editor's save must not publish it again."""
    document = Document.objects.get(record_id=full_record)
    client = login("editor")
    form = admin_form_data(document, title="Edited while withdrawn")

    def withdrawn_meanwhile(sender, instance, **kwargs):
        pre_save.disconnect(withdrawn_meanwhile, sender=Document)
        Document.objects.filter(pk=instance.pk).update(status="draft")

    pre_save.connect(withdrawn_meanwhile, sender=Document)
    try:
        assert client.post(f"{DOCUMENTS}{document.pk}/change/", form).status_code == 302
    finally:
        pre_save.disconnect(withdrawn_meanwhile, sender=Document)
    assert (_fresh(document).title, _fresh(document).status) == ("Edited while withdrawn", "draft")
    latest = Version.objects.get_for_object(document).select_related("revision").latest("pk")
    assert latest.field_dict["status"] == "draft"  # the history holds what the document is


def test_a_generated_variant_an_editor_corrected_survives_archivist_variants(login, full_record):
    from archivist.enrich.services import regenerate_variants

    authority = Authority.objects.get(kind="person", key="molotov-vyacheslav")
    regenerate_variants(authority)
    variants = list(authority.variants.order_by("pk"))
    number = next(i for i, v in enumerate(variants) if v.origin == "generated")
    form = authority_form_data(authority, **{f"variants-{number}-name": "Molotov, V. M. (corrected)"})
    assert login("editor").post(f"{AUTHORITIES}{authority.pk}/change/", form).status_code == 302
    assert authority.variants.filter(name="Molotov, V. M. (corrected)").exists()
    regenerate_variants(authority)
    assert authority.variants.filter(name="Molotov, V. M. (corrected)").exists()


def test_a_generated_variant_an_editor_removed_stays_removed_after_archivist_variants(login, full_record):
    from archivist.enrich.services import regenerate_variants

    authority = Authority.objects.get(kind="person", key="molotov-vyacheslav")
    regenerate_variants(authority)
    variants = list(authority.variants.order_by("pk"))
    number, removed = next((i, v.name) for i, v in enumerate(variants) if v.origin == "generated")
    form = authority_form_data(authority, **{f"variants-{number}-DELETE": "on"})
    assert login("editor").post(f"{AUTHORITIES}{authority.pk}/change/", form).status_code == 302
    assert not authority.variants.filter(name=removed).exists()
    authority.refresh_from_db()
    assert authority.removed_variants == [removed]
    regenerate_variants(authority)
    assert not authority.variants.filter(name=removed).exists()


def test_an_editors_restore_does_not_bring_back_a_status_changed_meanwhile(login, full_record):
    document = Document.objects.get(record_id=full_record)
    with recorded("as it was"):
        add_documents([document.pk])
    version = Version.objects.get_for_object(document).latest("pk")
    add_user("editor", "editor", PASSWORD)

    def withdrawn_meanwhile(sender, instance, **kwargs):
        pre_save.disconnect(withdrawn_meanwhile, sender=Document)
        Document.objects.filter(pk=instance.pk).update(status="draft")

    pre_save.connect(withdrawn_meanwhile, sender=Document)
    try:
        restore(version, _user("editor"))
    finally:
        pre_save.disconnect(withdrawn_meanwhile, sender=Document)
    assert _fresh(document).status == "draft"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>")


def test_the_curators_pages_carry_no_inline_script_or_style(login, full_record):
    document = Document.objects.get(record_id=full_record)
    authority = Authority.objects.filter(documents=document).first()
    link = Link.objects.filter(document=document).first()
    client = login("publisher")
    for url in ("/admin/", DOCUMENTS, f"{DOCUMENTS}add/", f"{DOCUMENTS}{document.pk}/change/",
                f"{DOCUMENTS}{document.pk}/history/", f"{AUTHORITIES}{authority.pk}/change/",
                f"{AUTHORITIES}{authority.pk}/history/", LINKS, f"{LINKS}{link.pk}/change/", REVIEW):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not INLINE_SCRIPT.search(page), (url, INLINE_SCRIPT.search(page))
        assert not re.search(r"<[a-z][^>]*\sstyle=|<style", page), url
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", page), url


def test_the_add_form_tells_an_editor_the_new_document_is_a_draft(login, db):
    page = login("editor").get(f"{DOCUMENTS}add/").content.decode()
    status = re.search(r"<label>Status:</label>\s*<div class=\"readonly\">([^<]*)</div>", page)
    assert status and status.group(1) == "Draft"


@pytest.fixture
def stored_files(db, settings, tmp_path):
    """The public document and a restricted one, each with a stored scan."""
    from pathlib import Path

    from tests.web.test_leaks import PUBLIC, document_record, store

    settings.MEDIA_ROOT = str(tmp_path / "files")
    for folder in ("pub", "zqrestr"):
        stored = Path(settings.MEDIA_ROOT) / folder / "scan.pdf"
        stored.parent.mkdir(parents=True)
        stored.write_bytes(b"%PDF-1.4 " + folder.encode())
    store(PUBLIC)
    store(document_record("zqrestr", "restricted"))
    return Document.objects.get(record_id="pubdoc")


def _pointed_at(document: Document, path: str) -> dict:
    """The document's change form with one more file, stored at `path`."""
    return admin_form_data(document) | {
        "attachments-TOTAL_FORMS": 2, "attachments-1-kind": "pdf", "attachments-1-position": 1,
        "attachments-1-filename": "copy.pdf", "attachments-1-media_type": "application/pdf",
        "attachments-1-path": path}


@pytest.mark.parametrize("restricted_deleted", [False, True])
def test_an_editor_cannot_make_a_stored_file_downloadable(login, stored_files, restricted_deleted):
    """Pointing a published document at a stored file publishes it: an editor may not, whether the file
    is a restricted document's or one left on disk by a document deleted since."""
    if restricted_deleted:
        Document.objects.filter(record_id="zqrestrdoc").delete()
    form = _pointed_at(stored_files, "zqrestr/scan.pdf")
    login("editor").post(f"{DOCUMENTS}{stored_files.pk}/change/", form)
    assert not Attachment.objects.filter(document=stored_files, path="zqrestr/scan.pdf").exists()
    assert Client().get("/documents/pubdoc/files/1").status_code == 404


def test_a_stored_file_belongs_to_one_document(login, stored_files):
    response = login("publisher").post(f"{DOCUMENTS}{stored_files.pk}/change/",
                                       _pointed_at(stored_files, "zqrestr/scan.pdf"))
    assert response.status_code == 200 and "stored for document zqrestrdoc" in response.content.decode()
    assert Client().get("/documents/pubdoc/files/1").status_code == 404
