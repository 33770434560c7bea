from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "archivist.records"
    label = "records"
    verbose_name = "Records"
