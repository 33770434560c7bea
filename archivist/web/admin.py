"""The About page in the curators' admin: one page, edited in place, never deleted."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from archivist.web.models import AboutPage


@admin.register(AboutPage)
class AboutPageAdmin(admin.ModelAdmin):
    fields = ("title", "body")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AboutPage.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None):
        """Straight to the one page: its form, or the form that first saves it (with the default text)."""
        if AboutPage.objects.exists():
            return HttpResponseRedirect(reverse("admin:web_aboutpage_change", args=[1]))
        return HttpResponseRedirect(reverse("admin:web_aboutpage_add"))
