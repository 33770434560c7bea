"""The curators' interface: Django admin for documents and authority records.

Edits made here go to the outbox like any other change, so the search index follows them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from archivist.records.forms import TextForm
from archivist.records.models import Attachment, Authority, Document, Link, Note, Text, VariantName
from archivist.records.services import set_status, touch_documents_of


class TextInline(admin.StackedInline):
    model = Text
    form = TextForm
    extra = 0


class NoteInline(admin.TabularInline):
    model = Note
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0
    autocomplete_fields = ["authority"]
    fields = ["authority", "role", "status", "confidence"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["record_id", "title", "date_display", "status", "modified"]
    list_filter = ["status", "original_language"]
    search_fields = ["record_id", "title"]
    readonly_fields = ["date_earliest", "date_latest", "fingerprint", "created", "modified"]
    inlines = [TextInline, NoteInline, AttachmentInline, LinkInline]
    actions = ["publish", "restrict", "withdraw"]

    # Saving the form saves the document (save_model, always, before the inlines) and deleting deletes
    # it, one by one or in bulk: its signals (records.models) write the outbox in the same transaction,
    # a DELETE for the old record ID too when the form renames it.

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The record changed outside an import: forget its fingerprint, so that loading it again applies.
        Document.objects.filter(pk=form.instance.pk).update(fingerprint="")

    def _set_status(self, queryset, status):
        with transaction.atomic():
            for record_id in queryset.values_list("record_id", flat=True):
                set_status(record_id, status)

    @admin.action(description="Publish selected documents")
    def publish(self, request, queryset):
        self._set_status(queryset, Document.Status.PUBLISHED)

    @admin.action(description="Restrict selected documents")
    def restrict(self, request, queryset):
        self._set_status(queryset, Document.Status.RESTRICTED)

    @admin.action(description="Withdraw selected documents to draft")
    def withdraw(self, request, queryset):
        self._set_status(queryset, Document.Status.DRAFT)


class VariantInline(admin.TabularInline):
    model = VariantName
    extra = 1


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["sort_name", "kind", "key", "dates"]
    list_filter = ["kind"]
    search_fields = ["sort_name", "display_name", "key", "variants__name"]
    autocomplete_fields = ["parent"]
    inlines = [VariantInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_documents_of(form.instance)
