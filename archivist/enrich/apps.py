from django.apps import AppConfig


class EnrichConfig(AppConfig):
    name = "archivist.enrich"
    label = "enrich"
