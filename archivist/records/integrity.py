"""Integrity checks of the records: what `archivist check` reports about documents and authorities."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q

from archivist.checks import Problem
from archivist.records.models import Attachment, Authority, AuthorityKind, Document, Link

DOCUMENTS = "/admin/records/document/"
AUTHORITIES = "/admin/records/authority/"
ROLE_KINDS = {
    Link.Role.AUTHOR: {AuthorityKind.PERSON, AuthorityKind.ORGANIZATION},
    Link.Role.RECIPIENT: {AuthorityKind.PERSON, AuthorityKind.ORGANIZATION},
    Link.Role.ASSOCIATED: {AuthorityKind.PERSON, AuthorityKind.ORGANIZATION, AuthorityKind.PLACE},
    Link.Role.PLACE_OF_WRITING: {AuthorityKind.PLACE},
    Link.Role.TOPIC: {AuthorityKind.TOPIC},
    Link.Role.SUBJECT: {AuthorityKind.SUBJECT},
    Link.Role.ARCHIVE: {AuthorityKind.ARCHIVE},
}


def undated_documents() -> list[Problem]:
    ids = Document.objects.filter(date="").values_list("record_id", flat=True)
    return [Problem("warning", "document without a date", rid, f"add it in the admin ({DOCUMENTS})")
            for rid in ids]


def documents_without_text() -> list[Problem]:
    ids = Document.objects.filter(texts__isnull=True).values_list("record_id", flat=True)
    return [Problem("warning", "document without text", rid, f"add one in the admin ({DOCUMENTS})")
            for rid in ids]


def links_of_wrong_kind() -> list[Problem]:
    problems = []
    for role, kinds in ROLE_KINDS.items():
        wrong = (Link.objects.filter(role=role).exclude(authority__kind__in=kinds)
                 .values_list("document__record_id", "authority__kind", "authority__key"))
        problems += [Problem("error", f"{role} link points at a {kind}", f"{rid} -> {key}",
                             f"link the right record in the admin ({DOCUMENTS})")
                     for rid, kind, key in wrong]
    return problems


def unused_authorities() -> list[Problem]:
    unused = (Authority.objects.annotate(uses=Count("links"), children_count=Count("children"))
              .filter(uses=0, children_count=0).values_list("kind", "key"))
    return [Problem("info", "authority record used by no document", f"{kind}/{key}",
                    f"nothing to do if its source lists it (a persons list, a glossary); else delete it "
                    f"in the admin ({AUTHORITIES})")
            for kind, key in unused]


def missing_files() -> list[Problem]:
    """Stored files the records name that are not there: attached files and the scans' page images."""
    from archivist.scans.models import Page

    root = Path(settings.MEDIA_ROOT)
    stored = Attachment.objects.exclude(path="").values_list("document__record_id", "path")
    images = Page.objects.values_list("document__record_id", "image")
    return [Problem("error", "attached file is missing", f"{rid}: {path}",
                    "put it back from a backup (archivist restore) or import its source again")
            for rid, path in [*stored, *images] if not (root / path).is_file()]


def places_without_coordinates() -> list[Problem]:
    """Places to put on the map; not those a curator cleared (the gazetteer's point was wrong)."""
    keys = (Authority.objects.filter(kind=AuthorityKind.PLACE)
            .filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
            .exclude(coordinates_source="curator").values_list("key", flat=True))
    return [Problem("warning", "place without coordinates", key,
                    "archivist places locate (from the gazetteer; it lists the ambiguous names), or add "
                    f"them in the admin ({AUTHORITIES}?kind__exact=place)") for key in keys]


CHECKS = [undated_documents, documents_without_text, links_of_wrong_kind, unused_authorities,
          missing_files, places_without_coordinates]
