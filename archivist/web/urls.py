"""Public URLs; each page's JSON twin is the same path with .json."""

from django.urls import path

from archivist.web.views import documents

urlpatterns = [
    path("documents/<str:record_id>.json", documents.document_json, name="document-json"),
    path("documents/<str:record_id>", documents.document_page, name="document"),
]
