"""IIIF's routes (included by archivist.web.urls). These answer in the IIIF standards' own formats, as
OAI-PMH answers in its own: they are not JSON twins of pages and have no schema of ours."""

from django.urls import path

from archivist.interop.iiif import views

urlpatterns = [
    path("iiif/3/<str:record_id>/<int:number>", views.image_service, name="iiif-image-service"),
    path("iiif/3/<str:record_id>/<int:number>/info.json", views.image_info, name="iiif-image-info"),
    path("iiif/3/<str:record_id>/<int:number>/<str:region>/<str:size>/<str:rotation>/<str:quality>",
         views.image, name="iiif-image"),
    path("documents/<str:record_id>/manifest.json", views.document_manifest, name="iiif-manifest"),
    path("iiif/search/<str:record_id>", views.content_search, name="iiif-search"),
    path("iiif/search1/<str:record_id>", views.content_search_v1, name="iiif-search1"),
]
