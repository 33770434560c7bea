"""The document page (with its JSON twin), its stored files, and its neighbours within a collection."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest

from archivist.interop.citation import archive_citation, permanent_url, publisher
from archivist.interop.export import document_queryset
from archivist.interop.iiif.urls_for import thumbnail_url
from archivist.records.files import inside_files
from archivist.records.models import Attachment, Authority, AuthorityKind, Document, Link
from archivist.records.recordformat import scan_file_of_another
from archivist.scans.downloads import document_pdf
from archivist.scans.models import Page as ScanPage
from archivist.web import counts, related
from archivist.web.links import authority_url, lineage
from archivist.web.metadata import citation_meta, json_ld
from archivist.web.models import Listing
from archivist.web.notes import shown_notes
from archivist.web.pages import Page
from archivist.web.scans import scans_section, viewer_headers
from archivist.web.views import citations

PEOPLE_KINDS = {AuthorityKind.PERSON, AuthorityKind.ORGANIZATION}


def published_documents():
    return Document.objects.filter(status=Document.Status.PUBLISHED)


def _published(record_id: str) -> Document:
    document = document_queryset().filter(
        record_id=record_id, status=Document.Status.PUBLISHED).first()
    if document is None:
        raise Http404(f"No published document {record_id}")
    return document


def document_page(request: HttpRequest, record_id: str) -> Page:
    """Everything the archive knows about one document, as on the reference page."""
    document = _published(record_id)
    links = sorted((link for link in document.links.all() if link.status in Link.VISIBLE),
                   key=lambda link: link.position)

    def linked(role: str, kinds=None) -> list[Authority]:
        return [link.authority for link in links
                if link.role == role and (kinds is None or link.authority.kind in kinds)]

    archive = next((link.authority for link in links if link.role == Link.Role.ARCHIVE), None)
    authors, subjects, topics = linked(Link.Role.AUTHOR), linked(Link.Role.SUBJECT), linked(Link.Role.TOPIC)
    people = linked(Link.Role.ASSOCIATED, PEOPLE_KINDS)
    places = linked(Link.Role.ASSOCIATED, {AuthorityKind.PLACE})
    attachments = list(document.attachments.all())
    files = [_file_entry(document, a) for a in attachments]
    pdf = next((f["href"] for f in files if f["media_type"] == "application/pdf"), "")
    tables = counts.state()
    texts, notes = list(document.texts.all()), list(document.notes.all())
    persons = list({a.pk: a for a in authors + linked(Link.Role.RECIPIENT) + people
                    if a.kind == AuthorityKind.PERSON}.values())
    context = {
        "document": document,
        "texts": texts,
        "notes": shown_notes(notes, texts),
        "authors": authors,
        "recipients": linked(Link.Role.RECIPIENT),
        "people": people,
        "places": places,
        "place_of_writing": linked(Link.Role.PLACE_OF_WRITING),
        "topics": topics,
        "subjects": subjects,
        "archive_levels": _archive_levels(archive),
        "citation": archive_citation(document),
        "permanent_url": permanent_url(document),
        "publisher": publisher(document),
        "files": files,
        "scans": scans_section(document, attachments),
        "neighbours": _neighbours(document, topics, tables.behind),
        "like_this": related.like_this(document, _words(document, texts, notes, links)),
        "same_people_same_weeks": related.same_people_same_weeks(document, persons, tables.behind),
        "meta_tags": citation_meta(document, authors, subjects, pdf_url=pdf),
        "json_ld": json_ld(document, authors, people, places, subjects, archive, settings.BASE_URL),
        "cite": citations.cite_box(request, document),
    }
    # The page names other documents and records too: it changes whenever the archive does.
    changed = max(filter(None, (document.modified, tables.last_modified)))
    return Page("archivist/document.html", context, lambda: _twin(context), last_modified=changed,
                alternates=citations.alternates(document),
                headers=viewer_headers() if context["scans"] else {})


def _words(document: Document, texts: list, notes: list, links: list[Link]) -> list[str]:
    """What the index holds of the document, for finding others like it."""
    return [document.title, document.summary, *(t.body for t in texts), *(n.body for n in notes),
            *(link.authority.display_name for link in links)]


def _twin(context: dict) -> dict:
    """The page's JSON twin: what the page shows and nothing more (machine links not accepted, the
    status, the stored paths stay out). interop.export.document_json is the whole record, for exports."""
    document = context["document"]

    def names(authorities: list[Authority]) -> list[dict[str, str]]:
        return [{"name": a.sort_name, "url": authority_url(a)} for a in authorities]

    def near(neighbour: Document | None) -> dict[str, str] | None:
        return neighbour and {"record_id": neighbour.record_id, "title": neighbour.title,
                              "url": f"/documents/{neighbour.record_id}"}

    return {
        "record_id": document.record_id, "title": document.title, "date": document.date,
        "date_display": document.date_display,
        "date_earliest": document.date_earliest and document.date_earliest.isoformat(),
        "date_latest": document.date_latest and document.date_latest.isoformat(),
        "summary": document.summary,
        "texts": [{"language": t.language, "kind": t.kind, "body": t.body, "body_html": t.body_html}
                  for t in context["texts"]],
        "notes": [{"kind": n.kind, "marker": n.marker, "label": n.label, "body": n.body, "body_html": n.html}
                  for n in context["notes"]],
        **{name: names(context[key]) for name, key in TWIN_NAMES.items()},
        "original_archive": context["archive_levels"],
        "source": document.source, "rights": document.rights,
        "original_uploaded_date": (document.original_uploaded_date.isoformat()
                                   if document.original_uploaded_date else ""),
        "original_language": document.original_language,
        "citation_as_published": context["citation"], "permanent_url": context["permanent_url"],
        "publisher": context["publisher"],
        **citations.cite_box_twin(context["cite"], document),
        "files": [{"url": f["href"], "label": f["label"], "media_type": f["media_type"], "size": f["size"]}
                  for f in context["files"]],
        "pages": _scan_pages(document),
        "in_the_same_collection": [
            {"topic": names([n["topic"]])[0], "previous": near(n["previous"]), "next": near(n["next"])}
            for n in context["neighbours"]],
        "more_like_this": [_related(d) for d in context["like_this"]],
        "same_people_same_weeks": [{**_related(r["document"]), "people": names(r["people"])}
                                   for r in context["same_people_same_weeks"]],
    }


def _scan_pages(document: Document) -> list[dict]:
    """The pages of the document's scans, in order: where each one's text came from (a PDF's text layer,
    OCR), how far OCR is, the text, its thumbnail and the document page opened on it."""
    pages = list(ScanPage.objects.filter(document=document).order_by("number").only(
        "document_id", "number", "width", "height", "text", "text_source", "ocr_status"))
    for page in pages:
        page.document = document  # the thumbnail's address names the record ID: no query per page
    return [{"number": page.number, "text_source": page.text_source, "ocr_status": page.ocr_status,
             "text": page.text, "thumbnail": thumbnail_url(page),
             "url": f"/documents/{document.record_id}?page={page.number}#scan"} for page in pages]


def _related(document: Document) -> dict[str, str]:
    return {"record_id": document.record_id, "title": document.title, "date_display": document.date_display,
            "url": f"/documents/{document.record_id}"}


# The twin's lists of linked records, named as in the record format, and the page's context keys.
TWIN_NAMES = {"authors": "authors", "recipients": "recipients",
              "associated_people_and_organizations": "people", "associated_places": "places",
              "place_of_writing": "place_of_writing", "associated_topics": "topics",
              "subjects_discussed": "subjects"}


def _archive_levels(archive: Authority | None) -> list[dict[str, str]]:
    """The archive, collection and series holding the document, outermost first, each with its page."""
    return [{"name": level.sort_name, "url": authority_url(level)} for level in lineage(archive)]


def _file_entry(document: Document, attachment: Attachment) -> dict[str, str]:
    href = attachment.url or f"/documents/{document.record_id}/files/{attachment.position}"
    label = attachment.label or ("Original XML" if attachment.kind == "xml" else attachment.filename)
    return {"href": href, "label": label, "filename": attachment.filename,
            "media_type": attachment.media_type, "size": attachment.size}


def _neighbours(document: Document, topics: list[Authority], behind: bool) -> list[dict]:
    """For each topic, the documents just before and after this one in its collection, by date, from the
    listing; one no longer published, or no longer visibly linked to the topic while the listing is
    behind the outbox, is not shown."""
    if document.date_earliest is None:
        return [{"topic": topic, "previous": None, "next": None} for topic in topics]
    day, pk = document.date_earliest, document.pk
    wanted = []
    for topic in topics:
        # A topic's documents all have the part NAMED: the filter lets the listing's index give the order.
        listing = (Listing.objects.filter(authority=topic, part=Listing.Part.NAMED)
                   .values_list("document_id", flat=True))
        before = (listing.filter(Q(date_earliest__lt=day) | Q(document_id__lt=pk), date_earliest__lte=day)
                  .order_by("-date_earliest", "-document_id"))
        after = (listing.filter(Q(date_earliest__gt=day) | Q(document_id__gt=pk), date_earliest__gte=day)
                 .order_by("date_earliest", "document_id"))
        wanted.append((topic, before.first(), after.first()))
    if behind:
        wanted = _still_in_collection(wanted)
    ids = [i for _, previous, following in wanted for i in (previous, following) if i]
    near = published_documents().only("record_id", "title").in_bulk(ids)
    return [{"topic": topic, "previous": near.get(previous), "next": near.get(following)}
            for topic, previous, following in wanted]


def _still_in_collection(wanted: list[tuple[Authority, int | None, int | None]]) -> list[tuple]:
    """The neighbours still visibly linked to their topic (None for the others): for when the listing is
    behind the outbox."""
    ids = [i for _, previous, following in wanted for i in (previous, following) if i]
    linked = set(Link.objects.filter(document_id__in=ids, status__in=Link.VISIBLE,
                                     authority__in=[topic for topic, _, _ in wanted])
                 .values_list("document_id", "authority_id"))
    return [(topic, *(i if (i, topic.pk) in linked else None for i in (previous, following)))
            for topic, previous, following in wanted]


def document_file(request: HttpRequest, record_id: str, position: int) -> FileResponse:
    """A file stored with a published document, from the archive's files directory and nowhere else."""
    attachment = Attachment.objects.filter(
        document__record_id=record_id, document__status=Document.Status.PUBLISHED,
        position=position).exclude(path="").first()
    if attachment is None or scan_file_of_another(attachment.path, record_id):
        raise Http404("No such file")
    stored = inside_files(attachment.path)
    if stored is None or not stored.is_file():
        raise Http404("File not stored")
    response = FileResponse(stored.open("rb"), content_type=attachment.media_type,
                            as_attachment=True, filename=attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_scans_pdf(request: HttpRequest, record_id: str) -> FileResponse:
    """A published document's scanned pages as one PDF."""
    document = published_documents().filter(record_id=record_id).first()
    try:
        made = document and document_pdf(document)
    except FileNotFoundError as missing:  # as for a stored file: `archivist check` names what is missing
        raise Http404("Page image not stored") from missing
    if not made:
        raise Http404("No scans")
    response = FileResponse(made.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"{record_id}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
