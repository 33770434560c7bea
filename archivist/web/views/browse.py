"""Browsing authority records: People, Organizations, Places, Topics, Subjects, the Catalog, and each
record's own page listing its documents. Counts come from the count tables (web.counts)."""

from __future__ import annotations

import string

from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from archivist.records.models import Authority, AuthorityKind, Document, VariantName
from archivist.web import counts
from archivist.web.links import authority_url, search_by_authority
from archivist.web.pages import Page
from archivist.web.paging import paging

PER_PAGE = 100
DOCUMENTS_PER_PAGE = 50
LETTERS = string.ascii_uppercase
TITLES = {"person": "People", "organization": "Organizations", "place": "Places", "topic": "Topics",
          "subject": "Subjects", "archive": "Catalog"}
INTRODUCTIONS = {
    "person": "People who wrote, received or are named in the documents, by surname.",
    "organization": "Governments, parties, ministries and other bodies in the documents.",
    "place": "Countries, cities and regions the documents concern.",
    "topic": "Collections of documents on one theme, each with an introduction.",
    "subject": "Subject headings, from the broad to the narrow.",
    "archive": "The archives the documents come from, with their collections and series.",
}


def _with_counts(authorities):
    return authorities.select_related("count")


def _entry(authority: Authority, with_variants: bool = False) -> dict:
    entry = {"id": authority.key, "name": authority.sort_name, "display_name": authority.display_name,
             "url": authority_url(authority), "documents": _count(authority)}
    if authority.dates:
        entry["dates"] = authority.dates
    if with_variants:
        entry["variants"] = [v.name for v in authority.variants.all()]
    if authority.kind == AuthorityKind.TOPIC and authority.description:
        entry["description"] = authority.description
    return entry


def _count(authority: Authority) -> int:
    try:
        return authority.count.documents
    except Authority.count.RelatedObjectDoesNotExist:
        return 0


def name_list(request: HttpRequest, kind: str) -> Page:
    """An A-Z list of one kind of authority record, with variant names and document counts."""
    counts.ensure_fresh()
    letter = request.GET.get("letter", "").upper()
    records = Authority.objects.filter(kind=kind)
    if letter:
        if letter not in LETTERS:
            raise Http404("No such letter")
        following = chr(ord(letter) + 1)
        # A range on sort_name uses the (kind, sort_name) index, whatever the database's LIKE rules.
        records = records.filter(sort_name__gte=letter, sort_name__lt=following)
    pages = paging(request, records.count(), PER_PAGE)
    page_records = (_with_counts(records).order_by("sort_name")
                    .prefetch_related(Prefetch("variants", VariantName.objects.order_by("name")))
                    [pages.offset:pages.offset + PER_PAGE])
    entries = [_entry(a, with_variants=True) for a in page_records]
    data = {"kind": kind, "title": TITLES[kind], "letter": letter or None, **pages.as_json(),
            "results": entries}
    context = {"kind": kind, "title": TITLES[kind], "introduction": INTRODUCTIONS[kind],
               "letters": LETTERS, "letter": letter, "entries": entries, "pages": pages}
    return Page("archivist/browse/names.html", context, data, last_modified=counts.last_modified())


def topic_list(request: HttpRequest) -> Page:
    """Topics: collections of documents with their introductions."""
    counts.ensure_fresh()
    records = Authority.objects.filter(kind=AuthorityKind.TOPIC)
    pages = paging(request, records.count(), PER_PAGE)
    entries = [_entry(a) for a in _with_counts(records).order_by("sort_name")
               [pages.offset:pages.offset + PER_PAGE]]
    data = {"kind": "topic", "title": TITLES["topic"], **pages.as_json(), "results": entries}
    context = {"kind": "topic", "title": TITLES["topic"], "introduction": INTRODUCTIONS["topic"],
               "entries": entries, "pages": pages}
    return Page("archivist/browse/topics.html", context, data, last_modified=counts.last_modified())


def tree_list(request: HttpRequest, kind: str) -> Page:
    """Subjects or the Catalog: the top-level records, each with the records directly under it."""
    counts.ensure_fresh()
    children = Prefetch("children", _with_counts(Authority.objects.order_by("sort_name")))
    tops = (_with_counts(Authority.objects.filter(kind=kind, parent__isnull=True))
            .order_by("sort_name").prefetch_related(children))
    pages = paging(request, Authority.objects.filter(kind=kind, parent__isnull=True).count(), PER_PAGE)
    entries = [{**_entry(top), "children": [_entry(c) for c in top.children.all()]}
               for top in tops[pages.offset:pages.offset + PER_PAGE]]
    data = {"kind": kind, "title": TITLES[kind], **pages.as_json(), "results": entries}
    context = {"kind": kind, "title": TITLES[kind], "introduction": INTRODUCTIONS[kind],
               "entries": entries, "pages": pages}
    return Page("archivist/browse/tree.html", context, data, last_modified=counts.last_modified())


def authority_page(request: HttpRequest, kinds: tuple[str, ...], key: str) -> Page:
    """One person, place, topic, subject or archive: its description and its documents, by date."""
    authority = (Authority.objects.filter(kind__in=kinds, key=key).select_related("parent")
                 .prefetch_related("variants").first())
    if authority is None:
        raise Http404("No such record")
    counts.ensure_fresh()
    pages = paging(request, counts.documents_of(authority.pk), DOCUMENTS_PER_PAGE)
    ids = counts.listed_documents(authority.pk, pages.offset, DOCUMENTS_PER_PAGE)
    found = (Document.objects.filter(status=Document.Status.PUBLISHED)
             .only("record_id", "title", "date_display", "summary").in_bulk(ids))
    documents = [found[i] for i in ids if i in found]
    narrower = list(_with_counts(authority.children.order_by("sort_name")))
    broader = _broader(authority)
    entry = _entry(authority)
    entry.update(description=authority.description, variants=[v.name for v in authority.variants.all()],
                 identifiers=authority.identifiers,
                 broader=[_entry(a) for a in broader], narrower=[_entry(a) for a in narrower])
    if authority.latitude is not None:
        entry["coordinates"] = [authority.latitude, authority.longitude]
    data = {**entry, **pages.as_json(), "search_url": search_by_authority(authority),
            "results": [_document_entry(d) for d in documents]}
    context = {"authority": authority, "kind_title": TITLES[authority.kind],
               "kind_url": f"/{authority_url(authority).split('/')[1]}", "documents": documents,
               "pages": pages, "broader": broader, "narrower": narrower,
               "search_url": search_by_authority(authority)}
    return Page("archivist/browse/authority.html", context, data, last_modified=counts.last_modified())


def _broader(authority: Authority) -> list[Authority]:
    chain, parent = [], authority.parent
    while parent is not None:
        chain.insert(0, parent)
        parent = parent.parent
    return chain


def _document_entry(document: Document) -> dict[str, str]:
    return {"record_id": document.record_id, "title": document.title, "date": document.date_display,
            "summary": document.summary, "url": f"/documents/{document.record_id}"}
