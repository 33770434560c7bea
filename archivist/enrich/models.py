"""What enrichment finds in a document's text: mentions of authority records and dates.

Both are rebuilt by `archivist enrich`; the links it proposes are records.Link rows with status
"proposed", judged by curators. Mentions keep where each name was read (for highlighting and for
checking a proposal); dates keep their sentence, for a timeline.
"""

from __future__ import annotations

from django.db import models

from archivist.records.models import Authority, Document


class Mention(models.Model):
    """A place in a document where an authority record is named: in its title, summary, one of its
    texts or one of its notes (FRUS editors name many people only in headings and source notes)."""

    class Part(models.TextChoices):
        TITLE = "title", "Title"
        SUMMARY = "summary", "Summary"
        TEXT = "text", "Text"
        NOTE = "note", "Note"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mentions")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="mentions")
    part = models.CharField(max_length=8, choices=Part.choices, default=Part.TEXT)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Which of its texts or notes (their position); 0 for title and summary.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    surface = models.CharField(max_length=300, help_text='As written, e.g. "Comrade Molotov".')
    confidence = models.FloatField()
    evidence = models.CharField(max_length=20,
                                help_text="full, forename, title, surname, context, date or prior.")

    class Meta:
        ordering = ["document", "part", "position", "start"]
        indexes = [models.Index(fields=["authority"])]


class TextDate(models.Model):
    """A date written in a document's text, resolved to the calendar (EDTF), with its sentence."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="text_dates")
    text_position = models.PositiveSmallIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    expression = models.CharField(max_length=200, help_text='As written, e.g. "on 9 January".')
    date = models.CharField(max_length=30, help_text="EDTF: 1950-01-09, or 1950-02 for a month.")
    earliest = models.DateField(db_index=True)
    latest = models.DateField()
    relative = models.BooleanField(default=False,
                                   help_text="Resolved against the document's own date.")
    sentence = models.TextField()

    class Meta:
        ordering = ["earliest", "document", "text_position", "start"]
