from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "archivist.scans"
    label = "scans"
    verbose_name = "Scans"
