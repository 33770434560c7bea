"""The record model: documents, their texts, notes and files, authority records and the links between.

People, organizations, places, topics, subjects and archives are all authority records in one table,
told apart by `kind`, so that linking, variant names and browsing work the same way for each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from archivist.records.html import validate_url


# The importers' rules for what names a page or a stored file, as validators of the fields that hold
# it, so that the admin's forms refuse what no import would store. The rules live in the record
# format, which imports this module: hence the imports when a value is checked.
def validate_record_id(value: str) -> None:
    """A record ID: ASCII letters, digits, '.', '_' and '-' (recordformat.check_record_id)."""
    from archivist.records.recordformat import check_record_id

    _refuse_as_invalid(check_record_id, value)


def validate_authority_key(value: str) -> None:
    """An authority's key: no '/', '\\', '?', '#', '%' or spaces (recordformat.check_authority_key)."""
    from archivist.records.recordformat import check_authority_key

    _refuse_as_invalid(check_authority_key, value)


def validate_file_path(value: str) -> None:
    """A stored file's path, inside the archive's files directory (recordformat.check_file_path)."""
    from archivist.records.recordformat import check_file_path

    _refuse_as_invalid(check_file_path, value)


def _refuse_as_invalid(check: Callable[[str], str], value: str) -> None:
    from archivist.records.recordformat import RecordError

    try:
        check(value)
    except RecordError as error:
        raise ValidationError(f"{error.message[0].upper()}{error.message[1:]}.", code="invalid") from None


class AuthorityKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    PLACE = "place", "Place"
    TOPIC = "topic", "Topic"
    SUBJECT = "subject", "Subject"
    ARCHIVE = "archive", "Archive or collection"


class Authority(models.Model):
    """A person, organization, place, topic, subject heading or archive shared by many documents."""

    kind = models.CharField(max_length=16, choices=AuthorityKind.choices)
    key = models.CharField(max_length=200, validators=[validate_authority_key],
                           help_text="Stable identifier within its kind, used in URLs.")
    sort_name = models.CharField(max_length=500, help_text='Sort form, e.g. "Zhou, Enlai".')
    display_name = models.CharField(max_length=500, help_text='Display form, e.g. "Zhou Enlai".')
    dates = models.CharField(max_length=100, blank=True, help_text='Life or existence dates, "1898-1976".')
    description = models.TextField(blank=True)
    identifiers = models.JSONField(default=dict, blank=True,
                                   help_text='Identifiers it came with, e.g. {"frus": "p_KNS1"}.')
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children",
                               help_text="Broader subject heading, or the archive holding a collection.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    coordinates_source = models.CharField(
        max_length=16, blank=True, choices=[("", "none"), ("import", "import"), ("gazetteer", "gazetteer"),
                                            ("curator", "curator")],
        help_text="Where the coordinates came from: a curator's are never replaced by the gazetteer's.")
    imported = models.JSONField(null=True, blank=True, editable=False,
                                help_text="Each field's value as the last import wrote it (records.merge).")
    removed_variants = models.JSONField(default=list, blank=True, editable=False,
                                        help_text="Generated variant names curators removed: "
                                                  "never generated again.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="authority_kind_key")]
        indexes = [models.Index(fields=["kind", "sort_name"]), models.Index(fields=["kind", "display_name"])]
        ordering = ["kind", "sort_name"]
        verbose_name_plural = "authorities"
        permissions = [("merge_authority", "Can merge authority records denoting the same")]

    def __str__(self) -> str:
        return self.sort_name

    def clean(self) -> None:
        """Refuse a parent that is the record itself or one of the records below it."""
        super().clean()
        if self.parent is not None and self.pk is not None and self.is_above(self.parent):
            raise ValidationError({"parent": "A record cannot be placed under itself or a record below it."})

    def is_above(self, other: Authority) -> bool:
        """Whether this record is `other` or one of the records `other` sits under."""
        return any(level.pk == self.pk for level in chain_above(other))


def chain_above(authority: Authority | None) -> Iterator[Authority]:
    """The record, then each record above it, innermost first; stops where the chain loops back.

    Imports and the admin refuse a loop, but an archive written by older code may hold one.
    """
    seen = set()
    while authority is not None and authority.pk not in seen:
        seen.add(authority.pk)
        yield authority
        authority = authority.parent


def records_below(authority_ids: list[int]) -> RawSQL:
    """The ids of the given records and of every record below them (headings under a heading, series in
    a collection), as a subquery for `id__in`; a loop an older archive may hold ends the walk."""
    table = Authority._meta.db_table
    marks = ", ".join(["%s"] * len(authority_ids)) or "NULL"
    return RawSQL(f"WITH RECURSIVE below(id) AS (SELECT id FROM {table} WHERE id IN ({marks}) "
                  f"UNION SELECT a.id FROM {table} a JOIN below ON a.parent_id = below.id) "
                  f"SELECT id FROM below", list(authority_ids))


class MergedAuthority(models.Model):
    """A record merged into another (records.identity): its kind and key lead to the one kept, its old
    pages answer with a permanent redirect there, and an import of its key updates this snapshot of
    what its source says rather than making the record again."""

    class How(models.TextChoices):
        IMPORT = "import", "Merged by an import: names and identifications agree"
        CURATOR = "curator", "Merged by a curator"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="merged")
    kind = models.CharField(max_length=16, choices=AuthorityKind.choices)
    key = models.CharField(max_length=200)
    sort_name = models.CharField(max_length=500, blank=True)
    display_name = models.CharField(max_length=500, blank=True)
    dates = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    identifiers = models.JSONField(default=dict, blank=True)
    how = models.CharField(max_length=16, choices=How.choices)
    evidence = models.TextField(blank=True, help_text="Why the records were found to be the same.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="merged_authority_kind_key")]
        ordering = ["kind", "key"]

    def __str__(self) -> str:
        return f"{self.kind}/{self.key} -> {self.authority_id}"


class DistinctAuthorities(models.Model):
    """Two records a curator judged to denote different people (or bodies, or places) though their
    names agree: never listed as likely duplicates again (archivist.curation.duplicates)."""

    one = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    decided_by = models.CharField(max_length=300, blank=True, help_text="Who judged, and how.")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["one", "other"], name="distinct_authorities_pair"),
                       models.CheckConstraint(condition=models.Q(one__lt=models.F("other")),
                                              name="distinct_authorities_ordered")]
        verbose_name_plural = "distinct authorities"

    def __str__(self) -> str:
        return f"{self.one_id} is not {self.other_id}"


class VariantName(models.Model):
    """Another way of writing an authority's name: a romanization, a script, an inverted form."""

    class Origin(models.TextChoices):
        CURATED = "curated", "Curated"
        GENERATED = "generated", "Generated"

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=500)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.CURATED)
    scheme = models.CharField(max_length=50, blank=True,
                              help_text='How it was made, e.g. "wade-giles", "bgn-pcgn".')

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="variant_unique")]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """One archival document with its description."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RESTRICTED = "restricted", "Restricted"

    record_id = models.CharField(max_length=200, unique=True, validators=[validate_record_id],
                                 help_text="Stable short identifier used in URLs: /documents/110390.")
    title = models.CharField(max_length=1000)
    summary = models.TextField(blank=True)
    date = models.CharField(max_length=100, blank=True,
                            help_text="EDTF value: 1950-01-02, 1950-01, 1950~, 1950-01/1950-03, "
                                      "1950-01-02T23:00:00; empty when undated.")
    date_display = models.CharField(max_length=200, blank=True)
    date_earliest = models.DateField(null=True, blank=True, db_index=True)
    date_latest = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True, help_text="Bibliographic citation of the published source.")
    rights = models.TextField(blank=True)
    original_language = models.CharField(max_length=100, blank=True)
    original_uploaded_date = models.DateField(null=True, blank=True)
    publisher = models.CharField(max_length=300, blank=True,
                                 help_text="Who first published it online; empty means this archive.")
    # A CharField with the archive's URL rule: URLField's own would refuse mailto: and relative URLs.
    url = models.CharField(max_length=500, blank=True, validators=[validate_url],
                           help_text="Where it was first published online; empty means this archive.")
    number = models.CharField(max_length=50, blank=True,
                              help_text="Its number in a published volume or series.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED,
                              db_index=True)
    embargoed_until = models.DateField(null=True, blank=True, db_index=True,
                                       help_text="A restricted document is published on this day.")
    fingerprint = models.CharField(max_length=64, blank=True,
                                   help_text="Hash of its record; an unchanged import leaves it be.")
    imported = models.JSONField(null=True, blank=True, editable=False,
                                help_text="Each field's value as the last import wrote it (records.merge).")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False,
                                        help_text="When it last became published (records.publication); "
                                                  "empty while it is not published.")
    authorities = models.ManyToManyField(Authority, through="Link", related_name="documents")

    class Meta:
        ordering = ["date_earliest", "record_id"]
        # Newest published first (the feeds), and the documents whose publication time is out of date.
        indexes = [models.Index(fields=["status", "published_at"], name="document_publication")]
        permissions = [("publish_document", "Can publish, restrict or set documents to draft")]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.title}"

    def clean(self) -> None:
        """Refuse an embargo on a document that is not restricted: only it waits to be published."""
        super().clean()
        if self.embargoed_until is not None and self.status != self.Status.RESTRICTED:
            raise ValidationError({"embargoed_until": "Only a restricted document can wait for a day to "
                                                      "be published: restrict it, or clear the date."})


class Text(models.Model):
    """The running text of a document in one language: the original, a translation, a transcription."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "Original"
        TRANSLATION = "translation", "Translation"
        TRANSCRIPTION = "transcription", "Transcription"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    position = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.ORIGINAL)
    body = models.TextField(help_text="Plain text, paragraphs separated by blank lines.")
    body_html = models.TextField(blank=True,
                                 help_text="Structured rendering (lists, tables, note anchors), when "
                                           "the source had structure; sanitized on import.")

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "position"], name="text_position")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.language}"


class Note(models.Model):
    """A footnote, source note or editorial note, kept apart from the running text."""

    class Kind(models.TextChoices):
        FOOTNOTE = "footnote", "Footnote"
        SOURCE = "source", "Source note"
        EDITORIAL = "editorial", "Editorial note"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="notes")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FOOTNOTE)
    marker = models.CharField(max_length=20, blank=True, help_text="Its anchor in the text, e.g. 1.")
    body = models.TextField()
    body_html = models.TextField(blank=True,
                                 help_text="The body with its emphasis and references as links, when the "
                                           "source had them; sanitized on import. Cleared when only the "
                                           "body is changed.")

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.marker}".strip()


class Attachment(models.Model):
    """A file belonging to a document: a scan, a PDF, the original XML."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, help_text="scan, pdf, xml, image, audio or other.")
    label = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=300)
    media_type = models.CharField(max_length=100)
    path = models.CharField(max_length=500, blank=True, validators=[validate_file_path],
                            help_text="Where it is stored, relative to the archive's files directory.")
    url = models.CharField(max_length=500, blank=True, validators=[validate_url],
                           help_text="Where it lives, if not stored here.")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="Language of a scan's text (BCP 47).")
    text_kind = models.CharField(max_length=16, blank=True,
                                 choices=[("", "-"), ("original", "original"),
                                          ("translation", "translation")],
                                 help_text="Whether a scan is of the original or of a translation.")

    class Meta:
        ordering = ["document", "position"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"


class Link(models.Model):
    """A document's link to an authority record, in a role, with how it was made."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        RECIPIENT = "recipient", "Recipient"
        ASSOCIATED = "associated", "Associated"
        PLACE_OF_WRITING = "place_of_writing", "Place of writing"
        TOPIC = "topic", "Topic"
        SUBJECT = "subject", "Subject discussed"
        ARCHIVE = "archive", "Original archive"

    class Status(models.TextChoices):
        CURATED = "curated", "Curated"
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="links")
    role = models.CharField(max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CURATED)
    confidence = models.FloatField(null=True, blank=True,
                                   help_text="For machine-made links, 0 to 1.")

    class Meta:
        ordering = ["document", "role", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "authority", "role"],
                                               name="link_unique")]
        indexes = [models.Index(fields=["authority", "status"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.authority.display_name} ({self.authority.kind})"

    VISIBLE = (Status.CURATED, Status.ACCEPTED)


class Change(models.Model):
    """The outbox: one row per document created, updated or deleted, written in the same transaction.

    Consumers (the search indexer, OAI-PMH) read it in order and remember how far they got, so a crash
    between the database commit and their own work never loses or repeats an update.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", "Created or updated"
        DELETE = "delete", "Deleted"

    record_id = models.CharField(max_length=200, db_index=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


# Saving or deleting a Document object (the admin's forms, its bulk delete, a shell) writes the outbox
# here, in the transaction of the change; the services' bulk paths write their own rows as they go.
@receiver(pre_save, sender=Document)
def _remember_stored_record_id(sender, instance: Document, **kwargs) -> None:
    """The record ID as stored before this save, so that a renamed document leaves the index too."""
    stored = None
    if instance.pk is not None:
        stored = Document.objects.filter(pk=instance.pk).values_list("record_id", flat=True).first()
    instance._stored_record_id = stored


@receiver(post_save, sender=Document)
def _queue_saved_document(sender, instance: Document, **kwargs) -> None:
    stored = getattr(instance, "_stored_record_id", None)
    if stored is not None and stored != instance.record_id:
        Change.objects.create(record_id=stored, action=Change.Action.DELETE)
    Change.objects.create(record_id=instance.record_id, action=Change.Action.UPSERT)
    instance._stored_record_id = instance.record_id


@receiver(post_delete, sender=Document)
def _queue_deleted_document(sender, instance: Document, **kwargs) -> None:
    Change.objects.create(record_id=instance.record_id, action=Change.Action.DELETE)


class GlossaryTerm(models.Model):
    """A term or abbreviation from a source's glossary, e.g. a FRUS volume's list of abbreviations."""

    source = models.CharField(max_length=200, help_text='Where the list comes from, e.g. "frus1961-63v06".')
    key = models.CharField(max_length=200, help_text='Its identifier in the source, e.g. "t_GOJ1".')
    term = models.CharField(max_length=300)
    expansion = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="glossary_source_key")]
        ordering = ["source", "term"]

    def __str__(self) -> str:
        return f"{self.term}: {self.expansion}"
