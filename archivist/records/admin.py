"""The curators' interface: Django admin for documents, authority records and links.

Edits made here go to the outbox like any other change, so the search index follows them, and to the
history (archivist.curation.history) with who made them. What each curator may do is their role's
permissions (archivist.curation.roles): only those who may publish set a document's status or embargo.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from archivist.curation.admin import HistoryAdmin
from archivist.curation.history import add_documents, recorded
from archivist.curation.publishing import set_statuses
from archivist.enrich.services import regenerate_variants_of, remember_removed_variants
from archivist.places.services import locate_places
from archivist.records.forms import (
    AttachmentForm,
    AuthorityForm,
    DocumentForm,
    NoteForm,
    TextForm,
    VariantForm,
)
from archivist.records.models import (
    Attachment,
    Authority,
    Change,
    Document,
    Link,
    MergedAuthority,
    Note,
    Text,
    VariantName,
)
from archivist.records.services import touch_documents_of
from archivist.scans.admin import attach_view, pages_of

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Curators' workspace"
admin.site.index_template = "curation/admin/index.html"  # with the way to the review screen

PUBLISH_PERMISSION = "records.publish_document"
MERGE_PERMISSION = "records.merge_authority"  # merging removes the records merged into the one kept
# What only those who may publish set on a document.
PUBLISHING_FIELDS = ["status", "embargoed_until"]


class TextInline(admin.StackedInline):
    model = Text
    form = TextForm
    extra = 0


class NoteInline(admin.TabularInline):
    model = Note
    form = NoteForm
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        # A stored file named on a published document's page is downloadable: naming one publishes it,
        # whoever's it was (a restricted document's, one deleted since). Files by URL stay editors' to add.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.has_perm(PUBLISH_PERMISSION) else [*readonly, "path"]


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0
    autocomplete_fields = ["authority"]
    fields = ["authority", "role", "status", "confidence"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("authority")  # each row's label names it


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    form = DocumentForm
    list_display = ["record_id", "title", "date_display", "status", "modified"]
    list_filter = ["status", "original_language"]
    search_fields = ["record_id", "title"]
    readonly_fields = ["date_earliest", "date_latest", "fingerprint", "created", "modified"]
    inlines = [TextInline, NoteInline, AttachmentInline, LinkInline]
    actions = ["publish", "restrict", "withdraw"]
    change_form_template = "curation/admin/document_change_form.html"  # with its links' review

    class Media:
        css = {"all": ["records/admin.css"]}

    # Saving the form saves the document (save_model, always, before the inlines) and deleting deletes
    # it, one by one or in bulk: its signals (records.models) write the outbox in the same transaction,
    # a DELETE for the old record ID too when the form renames it.

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_urls(self):
        attach = path("<path:object_id>/attach-scan/", self.admin_site.admin_view(self.attach_scan_view),
                      name="records_document_attach_scan")
        return [attach, *super().get_urls()]

    def attach_scan_view(self, request, object_id: str):
        """Upload a scan (archivist.scans.admin)."""
        return attach_view(self, request, object_id)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["scan_pages"] = pages_of(obj)  # listed read-only below the inlines
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if self.has_publish_permission(request) else readonly + PUBLISHING_FIELDS

    def save_model(self, request, obj, form, change):
        if not change:
            obj.imported = {}  # never imported: an import of its record ID reports conflicts (records.merge)
            if not self.has_publish_permission(request):
                obj.status = Document.Status.DRAFT  # the field is read-only for them: not the model's default
        elif not self.has_publish_permission(request):
            # Their save writes neither status nor embargo, lest it bring back the ones it read when a
            # publisher or the embargo worker changed them meanwhile.
            obj.save(update_fields=[field.name for field in obj._meta.concrete_fields
                                    if not field.primary_key and field.name not in PUBLISHING_FIELDS])
            return
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status: str, done: str) -> None:
        record_ids = list(queryset.values_list("record_id", flat=True))
        documents = f"{len(record_ids)} document{'' if len(record_ids) == 1 else 's'}"
        set_statuses(record_ids, status, f"{done} {documents} in the admin", request.user)
        self.message_user(request, f"{done} {documents}.")

    @admin.action(description="Publish selected documents", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Document.Status.PUBLISHED, "Published")

    @admin.action(description="Restrict selected documents", permissions=["publish"])
    def restrict(self, request, queryset):
        self._set_status(request, queryset, Document.Status.RESTRICTED, "Restricted")

    @admin.action(description="Withdraw selected documents to draft", permissions=["publish"])
    def withdraw(self, request, queryset):
        self._set_status(request, queryset, Document.Status.DRAFT, "Withdrew to draft")


class VariantInline(admin.TabularInline):
    model = VariantName
    form = VariantForm
    fields = ["name", "scheme", "origin"]
    readonly_fields = ["origin"]
    extra = 1


class MergedInline(admin.TabularInline):
    """The records merged into this one, by an import or a curator, and why: read only (a merge is
    undone by no form; their keys keep leading here)."""

    model = MergedAuthority
    fields = readonly_fields = ["kind", "key", "sort_name", "description", "how", "evidence", "at"]
    extra = max_num = 0
    can_delete = False
    verbose_name = "record merged into this one"
    verbose_name_plural = "records merged into this one"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:  # whoever sees the record sees these
        return request.user.has_perm("records.view_authority") or request.user.has_perm(
            "records.change_authority")


@admin.register(Authority)
class AuthorityAdmin(HistoryAdmin):
    form = AuthorityForm  # coordinates typed or cleared here become the curator's
    readonly_fields = ["coordinates_source"]
    list_display = ["sort_name", "kind", "key", "dates"]
    list_filter = ["kind", "coordinates_source"]  # places without coordinates: "none"
    search_fields = ["sort_name", "display_name", "key", "variants__name"]
    autocomplete_fields = ["parent"]
    inlines = [VariantInline, MergedInline]
    actions = ["merge", "distinct"]

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm(MERGE_PERMISSION)

    def get_urls(self):
        duplicates = path("duplicates/", self.admin_site.admin_view(self.duplicates_view),
                          name="records_authority_duplicates")
        return [duplicates, *super().get_urls()]

    def duplicates_view(self, request):
        """Likely duplicate people, with the evidence; each pair merged, or judged different, by a
        button (archivist.curation.duplicates, as `archivist authorities duplicates`)."""
        from archivist.curation.duplicates import find_duplicates, mark_distinct, merge_authorities

        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            keep = get_object_or_404(Authority, pk=request.POST.get("keep"))
            other = get_object_or_404(Authority, pk=request.POST.get("other"))
            decision = request.POST.get("decision")
            if decision == "merge" and self.has_merge_permission(request) and keep.pk != other.pk:
                report = merge_authorities(keep, [other], request.user, how="in the admin")
                messages.success(request, report.summary()[0].upper() + report.summary()[1:] + ".")
            elif decision == "distinct" and self.has_change_permission(request) and keep.pk != other.pk:
                mark_distinct([keep, other], f"{request.user.get_username()} in the admin")
                messages.success(request, f"{keep} and {other} ({other.key}) marked as different.")
            else:
                raise PermissionDenied
            return redirect(request.path)
        context = {**self.admin_site.each_context(request), "title": "Likely duplicate people",
                   "opts": self.opts, "pairs": find_duplicates(),
                   "can_merge": self.has_merge_permission(request),
                   "can_judge": self.has_change_permission(request)}
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "curation/admin/duplicates.html", context)

    @admin.action(description="Merge selected records into one (the one with most links is kept)",
                  permissions=["merge"])
    def merge(self, request, queryset):
        from django.db.models import Count

        from archivist.curation.duplicates import merge_authorities

        chosen = list(queryset.annotate(linked=Count("links")).order_by("-linked", "pk"))
        if len(chosen) < 2:
            self.message_user(request, "Select two or more records to merge.", messages.WARNING)
            return
        report = merge_authorities(chosen[0], chosen[1:], request.user, how="in the admin")
        self.message_user(request, report.summary()[0].upper() + report.summary()[1:] + ".")

    @admin.action(description="Mark selected records as different (never listed as duplicates)",
                  permissions=["change"])
    def distinct(self, request, queryset):
        from archivist.curation.duplicates import mark_distinct

        chosen = list(queryset)
        if len(chosen) < 2:
            self.message_user(request, "Select two or more records.", messages.WARNING)
            return
        added = mark_distinct(chosen, f"{request.user.get_username()} in the admin")
        self.message_user(request, f"{added} pair{'' if added == 1 else 's'} marked as different.")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.imported = {}  # never imported: an import of its key reports conflicts (records.merge)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        removed = [variant.name for variant in getattr(formset, "deleted_objects", ())
                   if isinstance(variant, VariantName) and variant.origin == VariantName.Origin.GENERATED]
        if removed:
            remember_removed_variants(form.instance, removed)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_documents_of(form.instance)
        # After the inlines: curated names and the names a curator removed are known by now.
        regenerate_variants_of([form.instance.pk])
        # A place named or renamed here is looked up by its names as they now are, unless it has the
        # curator's or a file's coordinates (archivist.places).
        locate_places(ids=[form.instance.pk], again=True)


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    """Every document's links, to find those waiting for judgment; a link is added in its document's
    form, and judged or removed here or there."""

    list_display = ["document", "authority", "role", "status", "confidence"]
    list_filter = ["status", "role", "authority__kind"]
    search_fields = ["document__record_id", "document__title", "authority__sort_name"]
    list_select_related = ["document", "authority"]
    fields = ["document", "authority", "role", "status", "confidence"]
    readonly_fields = ["document", "authority", "role", "confidence"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        with _changing_documents_of([obj], f"Link {obj} marked {obj.status} in the admin", request.user):
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with _changing_documents_of([obj], f"Link {obj} removed in the admin", request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        links = list(queryset.select_related("document"))
        with _changing_documents_of(links, f"{len(links)} links removed in the admin", request.user):
            super().delete_queryset(request, queryset)


@contextmanager
def _changing_documents_of(links: list[Link], comment: str, user) -> Iterator[None]:
    """Around a change of links: their documents go to the outbox and the history, as changed."""
    with recorded(comment, user):
        yield
        record_ids = {link.document.record_id for link in links}
        Change.objects.bulk_create(Change(record_id=record_id, action=Change.Action.UPSERT)
                                   for record_id in sorted(record_ids))
        add_documents(link.document_id for link in links)
