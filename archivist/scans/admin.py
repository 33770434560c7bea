"""Scans in the curators' interface: the upload of a scan from the document's admin page (the same
service as `archivist attach`). The change page lists the pages with their OCR status, read-only
(scans/admin/pages.html): they change by attaching or deleting a scan, and by OCR."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from archivist.records.models import Document
from archivist.scans.models import Page
from archivist.scans.reading import MAX_BYTES
from archivist.scans.services import TEXT_KINDS, ScanError, attach

# Attaching a scan adds a file to a document and changes it: what editors may do.
ATTACH_PERMISSIONS = ("records.add_attachment", "records.change_document")


class ScanUploadForm(forms.Form):
    file = forms.FileField(help_text=f"PDF, TIFF, JPEG or PNG; at most {MAX_BYTES // 2**20} MB. "
                                     "All of it is attached, or nothing.")
    language = forms.CharField(required=False, max_length=35,
                               help_text="Of the scan's text, a BCP 47 tag (en, ru, zh-Hans, zh-Hant, de, "
                                         "fr, ja): OCR reads it in this language.")
    text_kind = forms.ChoiceField(label="Scan of the", choices=[(kind, kind) for kind in TEXT_KINDS])


def pages_of(document: Document | None):
    """The document's pages as its change page lists them."""
    return document.pages.select_related("attachment") if document else Page.objects.none()


def may_attach(request) -> bool:
    return request.user.has_perms(ATTACH_PERMISSIONS)


def attach_view(model_admin, request, object_id: str):
    """The upload form (GET), or the upload attached as a scan (POST); errors are shown in the form."""
    if not may_attach(request):
        raise PermissionDenied
    document = model_admin.get_object(request, unquote(object_id))  # None for an id of no document
    if document is None:
        raise Http404("No such document")
    form = ScanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pages = _attach_upload(request, document, form)
        if pages is not None:
            layered = sum(1 for page in pages if page.text_source)
            name, queued = form.cleaned_data["file"].name, len(pages) - layered
            count = f"{len(pages)} page{'' if len(pages) == 1 else 's'}"
            messages.success(request, f"Attached {name}: {count} ({layered} with a text layer, "
                                      f"{queued} queued for OCR).")
            return redirect(reverse("admin:records_document_change", args=[document.pk]))
    context = {**model_admin.admin_site.each_context(request), "title": f"Attach a scan to {document}",
               "opts": model_admin.opts, "original": document, "form": form}
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "scans/admin/attach_scan.html", context)


def _attach_upload(request, document: Document, form: ScanUploadForm) -> list[Page] | None:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", f"{upload.name}: is {upload.size:,} bytes; at most {MAX_BYTES:,} are read")
        return None
    with tempfile.TemporaryDirectory(prefix="archivist-upload-") as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            return attach(document.record_id, [path], language=form.cleaned_data["language"].strip(),
                          text_kind=form.cleaned_data["text_kind"], names=[Path(upload.name).name],
                          actor=f"{request.user.get_username()} in the admin", user=request.user)
        except ScanError as error:
            form.add_error("file", str(error))
            return None
