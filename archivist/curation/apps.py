from django.apps import AppConfig


class CurationConfig(AppConfig):
    name = "archivist.curation"
    label = "curation"
    verbose_name = "Curation"

    def ready(self) -> None:
        from archivist.curation import history

        history.register_models()
