"""The site's URL map: the public site, the curators' admin and review screen, OAI-PMH."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("curate/", include("archivist.curation.urls")),
    path("", include("archivist.interop.oai.urls")),
    path("", include("archivist.web.urls")),
]
