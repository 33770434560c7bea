"""Browsing authority records: People, Organizations, Places, Topics, Subjects, the Catalog, and each
record's own page listing its documents. Counts come from the count tables (web.counts); while those
are behind the outbox, the records about to be shown are checked against the records themselves."""

from __future__ import annotations

import string
from collections import defaultdict

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest

from archivist.pictures import network
from archivist.records.models import (
    Authority,
    AuthorityKind,
    Document,
    Link,
    MergedAuthority,
    VariantName,
    records_below,
)
from archivist.web import counts
from archivist.web.identifiers import external_identifiers
from archivist.web.links import BROWSE_PATHS, authority_url, lineage, search_by_authority
from archivist.web.models import Listing
from archivist.web.pages import Moved, Page
from archivist.web.paging import paging
from archivist.web.scans import first_page_size, with_thumbnails

PER_PAGE = 100
DOCUMENTS_PER_PAGE = 50
LETTERS = tuple(string.ascii_uppercase)  # a tuple: "AB" is not in it (it is in the string)
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


# Lists read plain rows, not model instances: a page of 100 to 400 names stays a few milliseconds.
ROW_FIELDS = ("id", "kind", "key", "sort_name", "display_name", "dates", "count__documents")
CHILDREN_SHOWN = 50


def _rows(authorities, *extra: str) -> list[dict]:
    return list(authorities.values(*ROW_FIELDS, *extra))


def _entry(row: dict) -> dict:
    entry = {"id": row["key"], "name": row["sort_name"], "display_name": row["display_name"],
             "url": f"/{BROWSE_PATHS[row['kind']]}/{row['key']}", "documents": row["count__documents"] or 0}
    if row["dates"]:
        entry["dates"] = row["dates"]
    if row.get("description"):
        entry["description"] = row["description"]
    return entry


def _shown(tables: counts.Tables, kind: str, rows: list[dict]) -> list[dict]:
    """The rows the public site may name now: all of them when the count tables are up to date, else
    those still visibly linked to a published document (or, nested, with one below them)."""
    if not tables.behind:
        return rows
    listed = counts.live_listed(kind, [row["id"] for row in rows])
    return [row for row in rows if row["id"] in listed]


def _variants(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for authority_id, name in (VariantName.objects.filter(authority_id__in=ids)
                               .order_by("authority_id", "name").values_list("authority_id", "name")):
        found[authority_id].append(name)
    return found


def name_list(request: HttpRequest, kind: str) -> Page:
    """An A-Z list of one kind of authority record, with variant names and document counts."""
    tables = counts.state()
    letter = request.GET.get("letter", "").upper()
    records = counts.listed_authorities(kind)
    if letter:
        if letter not in LETTERS:
            raise Http404("No such letter")
        following = chr(ord(letter) + 1)
        # A range on sort_name uses the (kind, sort_name) index, whatever the database's LIKE rules.
        records = records.filter(sort_name__gte=letter, sort_name__lt=following)
    pages = paging(request, counts.listed_total(tables.state, records, kind, letter), PER_PAGE)
    rows = _shown(tables, kind, _rows(records.order_by("sort_name")[pages.offset:pages.offset + PER_PAGE]))
    variants = _variants([row["id"] for row in rows])
    entries = [{**_entry(row), "variants": variants.get(row["id"], [])} for row in rows]
    data = {"kind": kind, "title": TITLES[kind], "letter": letter or None, **pages.as_json(),
            "results": entries}
    context = {"kind": kind, "title": TITLES[kind], "introduction": INTRODUCTIONS[kind],
               "letters": LETTERS, "letter": letter, "entries": entries, "pages": pages}
    return Page("archivist/browse/names.html", context, data, last_modified=tables.last_modified)


def topic_list(request: HttpRequest) -> Page:
    """Topics: collections of documents with their introductions."""
    tables = counts.state()
    records = counts.listed_authorities(AuthorityKind.TOPIC)
    pages = paging(request, counts.listed_total(tables.state, records, AuthorityKind.TOPIC), PER_PAGE)
    rows = _rows(records.order_by("sort_name")[pages.offset:pages.offset + PER_PAGE], "description")
    entries = [_entry(row) for row in _shown(tables, AuthorityKind.TOPIC, rows)]
    data = {"kind": "topic", "title": TITLES["topic"], **pages.as_json(), "results": entries}
    context = {"kind": "topic", "title": TITLES["topic"], "introduction": INTRODUCTIONS["topic"],
               "entries": entries, "pages": pages}
    return Page("archivist/browse/topics.html", context, data, last_modified=tables.last_modified)


def tree_list(request: HttpRequest, kind: str) -> Page:
    """Subjects or the Catalog: the top-level records, each with the records under it at every level
    (up to 50 under each), each counting the documents filed under it or below it."""
    tables = counts.state()
    listed = counts.listed_authorities(kind)
    tops = listed.filter(parent__isnull=True)
    pages = paging(request, counts.listed_total(tables.state, tops, kind, "tops"), PER_PAGE)
    top_rows = _rows(tops.order_by("sort_name")[pages.offset:pages.offset + PER_PAGE])
    top_ids = [t["id"] for t in top_rows]
    below_rows = _rows(listed.filter(id__in=records_below(top_ids)).exclude(id__in=top_ids)
                       .order_by("sort_name"), "parent_id")
    shown = {row["id"] for row in _shown(tables, kind, top_rows + below_rows)}
    under: dict[int, list[dict]] = defaultdict(list)
    for row in below_rows:
        if row["id"] in shown:
            under[row["parent_id"]].append(row)
    entries = [_branch(top, under) for top in top_rows if top["id"] in shown]
    data = {"kind": kind, "title": TITLES[kind], **pages.as_json(), "results": entries}
    context = {"kind": kind, "title": TITLES[kind], "introduction": INTRODUCTIONS[kind],
               "entries": entries, "pages": pages}
    return Page("archivist/browse/tree.html", context, data, last_modified=tables.last_modified)


def _branch(row: dict, under: dict[int, list[dict]]) -> dict:
    """A record's entry with the entries of the records under it, to every level (a record has one
    parent, so the walk down from a top record never comes back to it)."""
    children = under[row["id"]]
    return {**_entry(row), "children": [_branch(child, under) for child in children[:CHILDREN_SHOWN]],
            "more_children": max(0, len(children) - CHILDREN_SHOWN)}


def authority_page(request: HttpRequest, kinds: tuple[str, ...], key: str) -> Page:
    """One person, organization, place, topic, subject or archive: its description, its identifiers
    elsewhere and its documents by date; a person's or an organization's apart by its part in them
    (wrote, received, mentioned in), each part alone with `?part=`."""
    authority = (Authority.objects.filter(kind__in=kinds, key=key).select_related("parent")
                 .prefetch_related("variants", "merged").first())
    tables = counts.state()
    if authority is None:
        merged = MergedAuthority.objects.filter(kind__in=kinds, key=key).select_related("authority").first()
        # Merged into another record: its page is that record's now, if that one shows (else the
        # redirect would tell of a record known only from unpublished documents).
        if merged is not None and _listed(tables, merged.authority,
                                          counts.documents_of(merged.authority.pk).documents):
            raise Moved(authority_url(merged.authority))
    tally = counts.documents_of(authority.pk) if authority else None
    if authority is None or not _listed(tables, authority, tally.documents):
        raise Http404("No such record")
    parts = _parts(authority, tally)
    chosen = request.GET.get("part", "")
    if chosen and chosen not in parts:
        raise Http404("No such part")
    if len(parts) == 1:
        chosen = next(iter(parts))
    sections, pages = [], None
    for name, (part, title, total) in parts.items():
        if not total or (chosen and name != chosen):
            continue
        shown = paging(request, total, DOCUMENTS_PER_PAGE) if name == chosen else None
        pages = shown or pages
        sections.append({"part": name, "title": title, "total": total,
                         "url": f"{authority_url(authority)}?part={name}",
                         "more": total > DOCUMENTS_PER_PAGE and shown is None,
                         "ids": counts.listed_documents(authority.pk, part, shown.offset if shown else 0,
                                                        DOCUMENTS_PER_PAGE)})
    published = _published(tables, authority, [i for section in sections for i in section["ids"]])
    with_thumbnails(list(published.values()))
    for section in sections:
        section["documents"] = [published[i] for i in section.pop("ids") if i in published]
    narrower = []
    if authority.kind in counts.NESTED_KINDS:
        narrower = [_entry(row) for row in _shown(tables, authority.kind, _rows(
            counts.listed_authorities(authority.kind).filter(parent=authority).order_by("sort_name")))]
    broader = lineage(authority.parent)
    search_url = _search_url(tables, authority, narrower)
    entry = {"id": authority.key, "name": authority.sort_name, "display_name": authority.display_name,
             "url": authority_url(authority), "documents": tally.documents, "dates": authority.dates,
             "description": authority.description, "variants": [v.name for v in authority.variants.all()],
             "identifiers": external_identifiers(authority.identifiers),
             "also_described": _also_described(authority),
             "narrower": narrower,
             "broader": [{"id": a.key, "name": a.sort_name, "url": authority_url(a)} for a in broader]}
    if authority.latitude is not None:
        entry["coordinates"] = [authority.latitude, authority.longitude]
    data = {**entry, **(pages.as_json() if pages else {}), "part": chosen or None, "search_url": search_url,
            "sections": [{"part": section["part"], "title": section["title"], "total": section["total"],
                          "url": section["url"],
                          "results": [document_entry(d) for d in section["documents"]]}
                         for section in sections]}
    if chosen:  # one list of documents, paged: its results at the top too, beside its paging
        data["results"] = data["sections"][0]["results"] if sections else []
    context = {"authority": authority, "kind_title": TITLES[authority.kind],
               "also_described": entry["also_described"], "identifiers": entry["identifiers"],
               "kind_url": f"/{BROWSE_PATHS[authority.kind]}", "sections": sections,
               "single": len(parts) == 1, "chosen": chosen, "part": "" if len(parts) == 1 else chosen,
               "pages": pages, "broader": entry["broader"], "narrower": narrower,
               "search_url": search_url}
    if authority.kind == AuthorityKind.PERSON:  # their own network: who appears with them (issue #16)
        context["person_network"] = network.for_person(authority.key)
    return Page("archivist/browse/authority.html", context, data, last_modified=tables.last_modified)


# The parts a record of these kinds has in its documents (Listing.Part), as its page names them.
AUTHOR_KINDS = (AuthorityKind.PERSON, AuthorityKind.ORGANIZATION)


def _parts(authority: Authority, tally) -> dict[str, tuple[int, str, int]]:
    """name -> (Listing.Part, title, documents) of the parts the record's page lists apart."""
    if authority.kind not in AUTHOR_KINDS:
        return {"documents": (Listing.Part.NAMED, "Documents", tally.documents)}
    return {"wrote": (Listing.Part.WROTE, "Wrote", tally.wrote),
            "received": (Listing.Part.RECEIVED, "Received", tally.received),
            "mentioned": (Listing.Part.NAMED, "Mentioned in", tally.documents - tally.wrote - tally.received)}


SEARCH_NAMES_MOST = 100  # records below a broader one named in the link into search; beyond: no link


def _search_url(tables: counts.Tables, authority: Authority, narrower: list[dict]) -> str | None:
    """The search page with this record's facet chosen, and those of the records below it that may be
    named (a broader heading's documents are filed under the narrower ones); None when they are too
    many to name."""
    if not narrower:
        return search_by_authority(authority)
    below = list(counts.listed_authorities(authority.kind).filter(id__in=records_below([authority.pk]))
                 .exclude(pk=authority.pk).values("id", "key")[:SEARCH_NAMES_MOST + 1])
    if len(below) > SEARCH_NAMES_MOST:
        return None
    return search_by_authority(authority, *(row["key"] for row in _shown(tables, authority.kind, below)))


def _also_described(authority: Authority) -> list[dict[str, str]]:
    """How the sources of the records merged into this one describe the person (each FRUS volume's
    identification), where it differs from the record's own description."""
    seen = {authority.description}
    found = []
    for merged in authority.merged.all():
        if merged.description and merged.description not in seen:
            seen.add(merged.description)
            source = (merged.identifiers or {}).get("frus_volume") or merged.key
            found.append({"description": merged.description, "source": source})
    return found


def _listed(tables: counts.Tables, authority: Authority, documents: int) -> bool:
    """Whether the record's page may show: by the count tables, or by its links while they are behind."""
    if tables.behind:
        return authority.pk in counts.live_listed(authority.kind, [authority.pk])
    return documents > 0


def _published(tables: counts.Tables, authority: Authority, ids: list[int]) -> dict[int, Document]:
    """Those of the listed documents still published (and, while the tables are behind, still visibly
    linked to the record or, nested, to one below it), by id."""
    documents = Document.objects.filter(status=Document.Status.PUBLISHED)
    if tables.behind:
        under = records_below([authority.pk]) if authority.kind in counts.NESTED_KINDS else [authority.pk]
        documents = documents.filter(Exists(Link.objects.filter(
            document=OuterRef("pk"), authority_id__in=under, status__in=Link.VISIBLE)))
    return (documents.only("record_id", "title", "date_display", "summary").annotate(**first_page_size())
            .in_bulk(ids))


def document_entry(document: Document) -> dict[str, str | None]:
    """A document in a list; its `thumbnail` from archivist.web.scans.with_thumbnails."""
    return {"record_id": document.record_id, "title": document.title, "date": document.date_display,
            "summary": document.summary, "url": f"/documents/{document.record_id}",
            "thumbnail": document.thumbnail and document.thumbnail["url"]}
