from django.apps import AppConfig


class OaiConfig(AppConfig):
    name = "archivist.interop.oai"
    label = "oai"
    verbose_name = "OAI-PMH"
