"""The pages of a document's scans: each page's image, its text (a PDF's text layer or OCR) and where
each word of that text is on the image (hOCR), which the IIIF manifest and content search read."""

from django.db import models

from archivist.records.models import Attachment, Document


class Page(models.Model):
    """One page of a scan, numbered across all of its document's scans."""

    class TextSource(models.TextChoices):
        NONE = "", "none yet"
        PDF = "pdf", "PDF text layer"
        OCR = "ocr", "OCR"

    class OcrStatus(models.TextChoices):
        NOT_NEEDED = "not_needed", "not needed (text layer)"
        PENDING = "pending", "waiting"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(help_text="1, 2, ... across the document's scans, in their order.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    image = models.CharField(max_length=500,
                             help_text="The page's full image, relative to the files directory.")
    text = models.TextField(blank=True)
    text_source = models.CharField(max_length=8, blank=True, choices=TextSource.choices)
    words = models.TextField(blank=True,
                             help_text="hOCR: each word of the text with its box, in image pixels.")
    ocr_status = models.CharField(max_length=16, choices=OcrStatus.choices, default=OcrStatus.PENDING)
    ocr_languages = models.CharField(max_length=100, blank=True, help_text='Tesseract\'s, e.g. "rus+eng".')
    ocr_error = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="page_document_number")]
        indexes = [models.Index(fields=["ocr_status"])]
        ordering = ["document", "number"]

    def __str__(self) -> str:
        return f"{self.document_id} page {self.number}"
