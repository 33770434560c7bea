"""The site's URL map: the public site, the curators' admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archivist.web.urls")),
]
