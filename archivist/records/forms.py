"""The admin's forms where what curators type needs more than the model's own checks.

URLs, record IDs, authority keys and stored files' paths need nothing here: the models' fields
carry those rules (archivist.records.html, archivist.records.recordformat).
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminTextInputWidget
from django.utils import timezone

from archivist.records.html import sanitize_html
from archivist.records.models import Attachment, Authority, Document, Note, Text, VariantName
from archivist.records.recordformat import scan_file_of_another


class DocumentForm(forms.ModelForm):
    """A document, its title in a field wide enough to read (records/static/records/admin.css)."""

    class Meta:
        model = Document
        fields = "__all__"
        widgets = {"title": AdminTextInputWidget(attrs={"class": "vTextField document-title"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and "status" not in self.fields:
            # Someone who may not publish (the field is left out for them) makes a draft: the page says
            # so rather than the model's default (the admin's save_model enforces it).
            self.instance.status = Document.Status.DRAFT

    def clean(self) -> dict:
        """A document with scans keeps its record ID; a new embargo ends on a day to come
        (archivist.curation.embargo); that only a restricted document carries one is the model's rule
        (Document.clean). The fields are missing for those who may not publish, who change neither."""
        cleaned = super().clean()
        stored = self.initial.get("record_id")
        if "record_id" in self.changed_data and stored and self.instance.pages.exists():
            # its scans' files and IIIF tiles are kept under it (archivist.scans)
            self.add_error("record_id", f"A document with scans keeps its record ID: its scans are stored "
                                        f"under {stored}. Remove them first to rename it.")
        day = cleaned.get("embargoed_until")
        if day is not None and "embargoed_until" in self.changed_data and day <= timezone.localdate():
            self.add_error("embargoed_until", f"{day.isoformat()} is not after today: an embargo ends "
                                              "on a day to come.")
        return cleaned


class AttachmentForm(forms.ModelForm):
    """A file of a document: a stored file belongs to one document, so that a published document's page
    never serves the file of another one, which may be a draft or restricted."""

    class Meta:
        model = Attachment
        fields = "__all__"

    def clean_path(self) -> str:
        path = self.cleaned_data["path"]
        record_id = self.instance.document.record_id if self.instance.document_id else ""
        if path and "path" in self.changed_data and scan_file_of_another(path, record_id):
            raise forms.ValidationError(f"{path} is where the archive keeps the scans it attached: attach "
                                        "a scan with the document's Attach a scan.")
        if path and "path" in self.changed_data:
            other = (Attachment.objects.filter(path=path).exclude(document_id=self.instance.document_id)
                     .values_list("document__record_id", flat=True).first())
            if other is not None:
                raise forms.ValidationError(f"{path} is stored for document {other}: a stored file "
                                            "belongs to one document.")
        return path

    def clean_language(self) -> str:
        """A scan's language as attach() takes it: OCR reads in it, and an unknown tag read as English."""
        from archivist.scans.services import BCP47

        language = self.cleaned_data["language"].strip()
        if language and not BCP47.fullmatch(language):
            raise forms.ValidationError(f"{language!r} is not a BCP 47 language tag such as ru, de or "
                                        "zh-Hant.")
        return language


class TextForm(forms.ModelForm):
    """A text whose HTML is sanitized as it is saved, like the HTML of every importer."""

    class Meta:
        model = Text
        fields = "__all__"

    def clean_body_html(self) -> str:
        return sanitize_html(self.cleaned_data["body_html"])


class NoteForm(forms.ModelForm):
    """A note whose HTML is sanitized as it is saved; a body changed without its HTML loses the HTML,
    which would show the old words."""

    class Meta:
        model = Note
        fields = "__all__"

    def clean_body_html(self) -> str:
        return sanitize_html(self.cleaned_data["body_html"])

    def clean(self) -> dict:
        cleaned = super().clean()
        if "body" in self.changed_data and "body_html" not in self.changed_data:
            cleaned["body_html"] = ""
        return cleaned


class VariantForm(forms.ModelForm):
    """A variant name a curator writes or corrects becomes theirs (curated): `archivist variants`
    replaces only the generated ones, and would otherwise undo the correction."""

    class Meta:
        model = VariantName
        fields = ["name", "scheme"]

    def save(self, commit: bool = True) -> VariantName:
        if self.has_changed():
            self.instance.origin = VariantName.Origin.CURATED
        return super().save(commit)


class AuthorityForm(forms.ModelForm):
    """An authority record whose coordinates, typed or cleared by a curator, are the curator's: the
    gazetteer (archivist.places) and imports never replace them. A point needs both, on the globe."""

    class Meta:
        model = Authority
        fields = "__all__"
        widgets = {"latitude": forms.NumberInput(attrs={"min": -90, "max": 90, "step": "any"}),
                   "longitude": forms.NumberInput(attrs={"min": -180, "max": 180, "step": "any"})}

    def clean(self) -> dict:
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if "latitude" in self.errors or "longitude" in self.errors:
            return cleaned
        if (latitude is None) != (longitude is None):
            self.add_error("latitude" if latitude is None else "longitude",
                           "A place's point needs both its latitude and its longitude (or neither).")
        elif latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", f"{latitude} is not a latitude: between -90 and 90 degrees.")
        elif longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", f"{longitude} is not a longitude: between -180 and 180 degrees.")
        if {"latitude", "longitude"} & set(self.changed_data):
            self.instance.coordinates_source = "curator"
        return cleaned
