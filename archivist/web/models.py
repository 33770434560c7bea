"""Derived tables that keep browse pages fast however large the archive: each authority record's
published documents in date order (Listing) and the counts shown beside names and dates; and the About
page curators write.

`archivist.web.counts` brings the derived tables up to date when the outbox (records.Change) has moved on.
"""

from __future__ import annotations

from django.db import models

from archivist.records.html import sanitize_html
from archivist.records.models import Authority, Document


class Listing(models.Model):
    """A published document visibly linked to an authority record (or, for subjects and archives, to one
    below it), with the date it sorts by; each published document also has one row without an
    authority, which the month counts are made from.

    Its index answers "page N of the documents this person wrote, by date" by reading 50 index
    entries, where the same question over records.Link would sort all of a busy person's documents.
    """

    class Part(models.IntegerChoices):
        """The record's part in the document, by its links' roles: a person who wrote a document and is
        named in it too wrote it."""

        WROTE = 1, "Wrote"
        RECEIVED = 2, "Received"
        NAMED = 3, "Mentioned in"  # any other role: associated, place of writing, topic, subject...

    # Derived rows, rebuilt whole from records.Link inside the transaction that reads them: no foreign
    # keys in the database, which PostgreSQL would check for each of millions of rows (a million
    # documents' rebuild: 310 s with them, 134 s with them dropped and added back, bench/README.md) and
    # whose dropping would lock the documents and authority records against every read. Django still
    # deletes the rows with their record.
    authority = models.ForeignKey(Authority, null=True, on_delete=models.CASCADE, related_name="+",
                                  db_index=False, db_constraint=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    part = models.PositiveSmallIntegerField(choices=Part.choices, default=Part.NAMED)
    date_earliest = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["authority", "part", "date_earliest", "document"],
                                name="listing_part_order")]


class AuthorityCount(models.Model):
    """How many published documents are visibly linked to an authority record (or, for subjects and
    archives, to it or a record below it: each document once)."""

    authority = models.OneToOneField(Authority, primary_key=True, on_delete=models.CASCADE,
                                     related_name="count")
    documents = models.PositiveIntegerField()
    wrote = models.PositiveIntegerField(default=0)  # of them, by Listing.Part
    received = models.PositiveIntegerField(default=0)


class MonthCount(models.Model):
    """How many published documents fall in a month, by their earliest date."""

    year = models.SmallIntegerField()
    month = models.PositiveSmallIntegerField()
    documents = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="month_count_unique")]


class CountState(models.Model):
    """The last outbox entry the counts include; one row."""

    change_id = models.BigIntegerField()
    undated = models.PositiveIntegerField(default=0)
    refreshed = models.DateTimeField(auto_now=True)


DEFAULT_ABOUT_TITLE = "About this archive"
DEFAULT_ABOUT = (
    "<p>This digital archive publishes historical documents (cables, letters, minutes of meetings, "
    "reports) with their translations, each described and linked to the people, organizations, places "
    "and subjects it concerns.</p>\n"
    "<p>Every document can be read, cited and downloaded here; every page is also available as JSON "
    "(add <code>.json</code> to its address).</p>\n"
    "<p>The archive's curators have not written their own introduction yet.</p>"
)


class AboutPage(models.Model):
    """The archive's About page, as its curators write it in the admin: one row, and until they save it,
    the default text (the page never writes it). Its HTML is sanitized when saved, as texts' is."""

    title = models.CharField(max_length=200, default=DEFAULT_ABOUT_TITLE)
    body = models.TextField(default=DEFAULT_ABOUT,
                            help_text="HTML: paragraphs, headings, lists, tables, emphasis and http, https "
                                      "or mailto links; anything else is removed when it is saved.")
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "About page"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # one About page
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> AboutPage:
        return cls.objects.filter(pk=1).first() or cls()
