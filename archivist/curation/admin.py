"""The admin's history of a document or authority record: each version with what it changed, and a
button to restore it. DocumentAdmin and AuthorityAdmin (archivist.records.admin) inherit HistoryAdmin.

This module registers nothing: the records app's admin does.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from archivist.curation import history
from archivist.records.recordformat import RecordError


class HistoryAdmin(VersionAdmin):
    """VersionAdmin records the admin's saves (forms, inlines, actions) with who made them; its history
    page is ours, with each version's differences and a "Restore this version" button.

    reversion's own revert and recover pages are left out: they revert a whole revision, which for an
    import is every document of its file, and they would bring back a status or an embargo whoever
    restores. `history.restore` restores the one record.
    """

    object_history_template = "curation/history.html"
    change_list_template = None  # reversion's adds a link to its recover pages

    def __init__(self, *args, **kwargs):
        history.register_models()  # before VersionAdmin registers the model its own way
        super().__init__(*args, **kwargs)

    @contextmanager
    def create_revision(self, request):
        with history.recorded("", request.user):  # the admin's log message becomes the comment
            yield

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        restore = path("<path:object_id>/history/<int:version_id>/restore/",
                       self.admin_site.admin_view(self.restore_view), name="{}_{}_restore".format(*info))
        return [restore, *admin.ModelAdmin.get_urls(self)]  # without reversion's revert pages

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        can_restore = self.has_change_permission(request, obj)
        entries = [(entry, can_restore and self._restore_url(obj, entry.version))
                   for entry in history.history_of(obj)]
        request.current_app = self.admin_site.name
        context = {**self.admin_site.each_context(request), "title": f"History: {obj}", "object": obj,
                   "opts": self.opts, "module_name": self.opts.verbose_name_plural, "entries": entries,
                   **(extra_context or {})}
        return TemplateResponse(request, self.object_history_template, context)

    @method_decorator(require_POST)
    def restore_view(self, request, object_id, version_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        try:
            comment = history.restore(version, request.user)
        except RecordError as error:
            messages.error(request, f"Not restored: {error.message}")
        else:
            messages.success(request, f"{obj}: {comment[0].upper()}{comment[1:]}.")
        return redirect(reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
                                "_history", args=[quote(obj.pk)]))

    def _restore_url(self, obj, version: Version) -> str:
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_restore",
                       args=[quote(obj.pk), version.pk])
