"""The history of documents and authority records: what each change records (who, when, what), the
differences between versions, restoring one, the admin's history page, `archivist history`, and
enrichment recorded without undoing a curator's judgment."""

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.html import escape
from reversion.models import Version

from archivist.cli.main import cli
from archivist.curation.history import (
    add_authorities,
    add_documents,
    deleted_document,
    diff,
    history_of,
    recorded,
    restore,
    versions_of,
)
from archivist.curation.publishing import set_statuses
from archivist.curation.review import judge
from archivist.curation.roles import add_user
from archivist.enrich.services import enrich_documents, find_link, regenerate_variants
from archivist.outbox import catch_up
from archivist.records.models import Authority, Change, Document, Link, Note, Text
from archivist.records.recordformat import RecordError
from tests.records.test_admin import admin_form_data

PASSWORD = "quiet-archive-lamp-42"
OLD_BODY = "First paragraph.\n\nSecond paragraph, as first read.\n\nThird paragraph."
NEW_BODY = "First paragraph.\n\nSecond paragraph, corrected.\n\nThird paragraph."


@pytest.fixture
def document(full_record) -> Document:
    return Document.objects.get(record_id=full_record)


def person(role: str):
    add_user(role, role, PASSWORD)
    return get_user_model().objects.get(username=role)


def first_version(document: Document) -> Version:
    """A version of the document as loaded, its text's body written on several lines."""
    with recorded("as loaded"):
        Text.objects.filter(document=document, position=0).update(body=OLD_BODY)
        add_documents([document.pk])
    return versions_of(document)[0]


def edit(document: Document, user=None, summary="A summary rewritten by a curator.") -> None:
    """Saves through the ORM inside recorded(), as a form does: the text alone, then the document."""
    with recorded("edited", user):
        text = document.texts.get(position=0)
        text.body = NEW_BODY
        text.save()
        document.summary = summary
        document.save()


def test_a_change_records_who_when_and_what_with_every_part(document):
    version = first_version(document)
    editor = person("editor")
    edit(document, editor)
    newest = versions_of(document)[0]
    assert newest.revision.user == editor and newest.revision.comment == "edited"
    assert newest.revision.date_created >= version.revision.date_created
    # The text saved alone brought its document's whole version: every part, in the same revision.
    parts = Version.objects.filter(revision=newest.revision, object_repr=f"document {document.pk}")
    assert parts.count() == sum(getattr(document, name).count()
                                for name in ("texts", "notes", "attachments", "links"))


def test_a_failed_inner_change_is_not_recorded_in_the_outer_revision(document):
    other = Authority.objects.get(key="zhou-enlai")
    before = len(versions_of(document))
    with recorded("outer"):
        add_authorities([other.pk])
        with pytest.raises(RecordError), recorded("inner"):
            document.summary = "Rolled back."
            document.save()
            add_documents([document.pk])
            raise RecordError("summary", "refused")
    assert Document.objects.get(pk=document.pk).summary != "Rolled back."
    assert len(versions_of(document)) == before
    assert versions_of(other)[0].revision.comment == "outer"


def test_diff_shows_a_changed_summary_and_a_line_diff_of_a_changed_text(document):
    old_summary = document.summary
    version = first_version(document)
    edit(document)
    changes = diff(version, versions_of(document)[0])
    by_field = {(c.part, c.field): c for c in changes}
    summary = by_field[("document", "summary")]
    assert (summary.before, summary.after) == (old_summary, "A summary rewritten by a curator.")
    text = next(c for c in changes if c.part.startswith("text 0") and c.field == "body")
    assert "-Second paragraph, as first read." in text.lines
    assert "+Second paragraph, corrected." in text.lines
    assert "First paragraph." not in " ".join(text.lines)  # context is one line around the change
    numbers = [entry.number for entry in history_of(document)]
    assert numbers == list(range(len(numbers), 0, -1))  # newest first, the oldest is 1


def test_a_long_paragraph_changed_in_one_word_shows_that_word_with_a_little_around_it(document):
    paragraph = " ".join(f"word{n}" for n in range(200))
    with recorded("long"):
        Text.objects.filter(document=document, position=0).update(body=f"Title.\n\n{paragraph}")
        add_documents([document.pk])
    version = versions_of(document)[0]
    with recorded("one word"):
        Text.objects.filter(document=document, position=0).update(
            body=f"Title.\n\n{paragraph.replace('word100 ', 'corrected ')}")
        add_documents([document.pk])
    text = next(c for c in diff(version, versions_of(document)[0]) if c.field == "body")
    removed, added = (line for line in text.lines if line[:1] in "-+")
    assert removed == "-… " + " ".join(f"word{n}" for n in range(92, 109)) + " …"
    assert added == removed.replace("-", "+", 1).replace("word100", "corrected")


def test_diff_names_links_and_notes_added_removed_and_judged(document):
    version = first_version(document)
    zhou = Authority.objects.get(key="zhou-enlai")
    molotov = Authority.objects.get(key="molotov-vyacheslav")
    with recorded("links and notes"):
        Link.objects.filter(document=document, authority=zhou).delete()
        Link.objects.create(document=document, authority=molotov, role="associated", status="proposed",
                            confidence=0.9)
        Note.objects.create(document=document, position=9, kind="editorial", body="Checked.")
        add_documents([document.pk])
    labels = {(c.part, c.field, c.after) for c in diff(version, versions_of(document)[0])}
    assert ("link associated: Zhou, Enlai (person/zhou-enlai) (removed)", "status", "") in labels
    assert ("link associated: Molotov, Vyacheslav Mikhailovich (person/molotov-vyacheslav) (added)",
            "status", "proposed") in labels
    assert ("note 9 (added)", "body", "Checked.") in labels


def test_restore_brings_back_fields_texts_and_links_and_the_public_page_follows(document, client):
    old_summary, old_links = document.summary, set(document.links.values_list("authority", "role", "status"))
    version = first_version(document)
    edit(document)
    with recorded("more"):
        document.links.all().delete()
        Note.objects.create(document=document, position=9, body="Added since.")
        add_documents([document.pk])
    catch_up()
    assert "A summary rewritten by a curator." in client.get("/documents/110390").content.decode()

    Change.objects.all().delete()
    comment = restore(version, person("publisher"))
    document.refresh_from_db()
    assert document.summary == old_summary
    assert document.texts.get(position=0).body == OLD_BODY
    assert set(document.links.values_list("authority", "role", "status")) == old_links
    assert not document.notes.filter(body="Added since.").exists()
    assert list(Change.objects.values_list("record_id", "action")) == [("110390", "upsert")]
    newest = versions_of(document)[0]
    assert newest.revision.comment == comment and comment.startswith("restored the version of ")
    assert newest.revision.user.username == "publisher"
    assert diff(version, newest) == []
    catch_up()
    page = client.get("/documents/110390").content.decode()
    assert escape(old_summary[:60]) in page and "A summary rewritten by a curator." not in page


def test_restore_by_an_editor_keeps_the_current_status_and_says_so(document):
    version = first_version(document)
    edit(document)
    set_statuses([document.record_id], "restricted", "restricted for checking")
    comment = restore(version, person("editor"))
    document.refresh_from_db()
    assert document.status == "restricted" and document.summary != "A summary rewritten by a curator."
    assert "kept its current status" in comment
    assert versions_of(document)[0].revision.comment == comment


def test_restore_needs_the_permission_to_change_the_record(document):
    version = first_version(document)
    edit(document)
    reader = get_user_model().objects.create_user("reader", password=PASSWORD)
    with pytest.raises(PermissionDenied):
        restore(version, reader)
    assert Document.objects.get(pk=document.pk).summary == "A summary rewritten by a curator."


def test_restore_refuses_a_record_id_taken_since_and_changes_nothing(document):
    version = first_version(document)
    with recorded("renamed"):
        document.record_id = "110390-b"
        document.summary = "Renamed."
        document.save()
    Document.objects.create(record_id="110390", title="Another document")
    count = Version.objects.count()
    with pytest.raises(RecordError) as refused:
        restore(version)
    assert refused.value.field == "record_id"
    assert Document.objects.get(pk=document.pk).summary == "Renamed."
    assert Version.objects.count() == count


def test_restore_refuses_a_link_to_an_authority_record_deleted_since(document):
    lonely = Authority.objects.create(kind="person", key="lonely", sort_name="Lonely", display_name="Lonely")
    with recorded("linked"):
        Link.objects.create(document=document, authority=lonely, role="associated")
        add_documents([document.pk])
    version = versions_of(document)[0]
    with recorded("unlinked"):
        document.links.filter(authority=lonely).delete()
        document.summary = "Unlinked."
        document.save()
    lonely.delete()
    with pytest.raises(RecordError, match="deleted since"):
        restore(version)
    assert Document.objects.get(pk=document.pk).summary == "Unlinked."


def test_a_version_recorded_outside_the_history_services_is_shown_but_not_restored(document):
    import reversion

    with reversion.create_revision():  # reversion's own way: the version does not list its parts
        document.summary = "Saved outside recorded()."
        document.save()
    edit(document)  # the summary and a text, in recorded()
    outside = versions_of(document)[1]
    assert [c.field for c in diff(outside, versions_of(document)[0])] == ["summary"]  # no parts to compare
    with pytest.raises(RecordError, match="without its parts"):
        restore(outside)
    assert Document.objects.get(pk=document.pk).summary == "A summary rewritten by a curator."


def test_an_authority_record_and_its_variant_names_are_versioned_and_restored(full_record):
    mao = Authority.objects.get(key="mao-zedong")
    mao.variants.filter(origin="generated").delete()  # as made by rules since changed
    with recorded("as loaded"):
        add_authorities([mao.pk])
    before = set(mao.variants.values_list("name", "origin"))
    assert regenerate_variants(mao) >= 1
    entry = history_of(mao)[0]
    assert entry.comment.startswith("archivist ") and "(command line, " in entry.comment
    assert any(c.part.startswith("variant name ") and c.part.endswith("(added)") for c in entry.differences)
    restore(history_of(mao)[1].version)
    assert set(mao.variants.values_list("name", "origin")) == before


# The admin ------------------------------------------------------------------------------------------

def history_page(document: Document) -> str:
    return f"/admin/records/document/{document.pk}/history/"


def test_an_admin_edit_is_recorded_with_its_user_and_listed_on_the_history_page(document, admin_client):
    first_version(document)
    data = admin_form_data(document, summary="Summary edited in the admin.")
    data["texts-0-body"] = NEW_BODY
    response = admin_client.post(f"/admin/records/document/{document.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    revision = versions_of(document)[0].revision
    assert revision.user.username == "admin" and "Changed" in revision.comment

    response = admin_client.get(history_page(document))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Summary edited in the admin." in page and "+Second paragraph, corrected." in page
    assert "Restore this version" in page and "csrfmiddlewaretoken" in page
    assert "<script>" not in page and "style=" not in page  # the site's CSP: nothing inline


def test_an_authority_records_history_page_shows_its_variant_names(full_record, admin_client):
    mao = Authority.objects.get(key="mao-zedong")
    mao.variants.filter(origin="generated").delete()  # as made by rules since changed
    with recorded("as loaded"):
        add_authorities([mao.pk])
    regenerate_variants(mao)
    page = admin_client.get(f"/admin/records/authority/{mao.pk}/history/").content.decode()
    assert "variant name " in page and "(added)" in page and "Restore this version" in page


def test_restoring_from_the_history_page(document, client):
    old_summary = document.summary
    version = first_version(document)
    edit(document)
    client.force_login(person("publisher"))
    restore_url = f"{history_page(document)}{version.pk}/restore/"
    assert client.get(restore_url).status_code == 405  # a GET changes nothing
    response = client.post(restore_url)
    assert response.status_code == 302 and response["Location"].endswith(history_page(document))
    assert Document.objects.get(pk=document.pk).summary == old_summary
    assert "Restored the version of" in client.get(history_page(document)).content.decode()
    other = Authority.objects.get(key="zhou-enlai")
    with recorded("another record"):
        add_authorities([other.pk])
    elsewhere = versions_of(other)[0]  # a version of another record, through this document's address
    assert client.post(f"{history_page(document)}{elsewhere.pk}/restore/").status_code == 404


def test_anonymous_visitors_and_readers_reach_neither_history_nor_restore(document, client):
    version = first_version(document)
    edit(document)
    restore_url = f"{history_page(document)}{version.pk}/restore/"
    for path in (history_page(document), restore_url):
        response = client.post(path) if path == restore_url else client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    reader = get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    client.force_login(reader)
    assert client.get(history_page(document)).status_code == 403
    assert client.post(restore_url).status_code == 403
    assert Document.objects.get(pk=document.pk).summary == "A summary rewritten by a curator."


# The command line --------------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_archivist_history_prints_each_version_and_restores_one(document):
    old_summary = document.summary
    first_version(document)
    edit(document, person("editor"))
    count = len(versions_of(document))
    result = run("history", "110390")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith(f"{count} versions")
    headings = [line.split(",")[0] for line in lines if line.startswith("version ")]
    assert headings == [f"version {n}" for n in range(count, 0, -1)]
    assert f"version {count}, " in result.output and "by editor: edited" in result.output
    assert "  document\n    summary: '" in result.output and "+Second paragraph, corrected." in result.output

    result = run("history", "110390", "--restore", count - 1)
    assert result.exit_code == 0, result.output
    assert Document.objects.get(pk=document.pk).summary == old_summary
    assert "(command line, " in versions_of(document)[0].revision.comment


def test_a_deleted_document_is_restored_from_its_last_version_as_a_draft_for_an_editor(document):
    first_version(document)
    links, pk = set(document.links.values_list("authority", "role", "status")), document.pk
    document.delete()
    result = run("history", "110390")
    assert result.exit_code == 0 and "110390 was deleted" in result.output
    deleted = deleted_document("110390")
    assert (deleted.pk, deleted.title) == (pk, document.title) and deleted_document("11039") is None
    comment = restore(versions_of(deleted)[0], person("editor"))
    restored = Document.objects.get(record_id="110390")
    assert restored.pk == pk and restored.status == "draft" and "kept its current status" in comment
    assert restored.texts.get(position=0).body == OLD_BODY
    assert set(restored.links.values_list("authority", "role", "status")) == links
    assert Change.objects.filter(record_id="110390", action="upsert").exists()


def test_archivist_history_refuses_what_it_cannot_find(document):
    assert run("history").exit_code == 2
    assert "no document 'nope'" in run("history", "nope").output
    result = run("history", "110390", "--restore", 7)
    assert result.exit_code == 2 and "has versions 1 to" in result.output
    assert run("history", "--authority", "person/zhou-enlai").exit_code == 0


# Enrichment ---------------------------------------------------------------------------------------

def test_enrich_is_recorded_for_the_documents_it_changed_and_keeps_judgments(document):
    enrich_documents(comment="archivist enrich (test)")
    entry = history_of(document)[0]
    assert entry.comment == "archivist enrich (test)"
    assert any(c.part.startswith("link associated: Molotov") and c.after == "proposed"
               for c in entry.differences)
    judge([find_link("110390", "person/molotov-vyacheslav").pk], "accepted")
    judge([find_link("110390", "mikoyan-anastas").pk], "rejected")
    versions = len(versions_of(document))
    enrich_documents()
    assert len(versions_of(document)) == versions  # nothing of its links changed: nothing recorded

    judged = set(document.links.exclude(status="proposed").values_list("authority__key", "status"))
    Text.objects.filter(document=document).update(body="No names at all in this text.")
    Note.objects.filter(document=document).update(body="Nor in its notes.")
    Document.objects.filter(pk=document.pk).update(summary="")
    report = enrich_documents()
    assert report.withdrawn and not document.links.filter(status="proposed").exists()
    assert set(document.links.values_list("authority__key", "status")) == judged
    assert {("molotov-vyacheslav", "accepted"), ("mikoyan-anastas", "rejected")} <= judged
    assert "(command line, " in history_of(document)[0].comment  # the command that ran it, and who
