"""The curators' interface: Django admin for documents and authority records.

Edits made here go to the outbox like any other change, so the search index follows them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from archivist.records.models import Attachment, Authority, Change, Document, Link, Note, Text, VariantName
from archivist.records.services import set_status, touch_documents_of


class TextInline(admin.StackedInline):
    model = Text
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The record changed outside an import: forget its fingerprint and queue it for indexing.
        Document.objects.filter(pk=form.instance.pk).update(fingerprint="")
        Change.objects.create(record_id=form.instance.record_id, action=Change.Action.UPSERT)

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)
            Change.objects.create(record_id=obj.record_id, action=Change.Action.DELETE)

    def _set_status(self, queryset, status):
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
