from django.urls import path

from archivist.interop.oai import views

urlpatterns = [
    path("oai", views.oai, name="oai"),
    path("oai/record-format-1.xsd", views.record_schema, name="oai-record-schema"),
]
