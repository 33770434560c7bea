from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "archivist.scans"
    label = "scans"
    verbose_name = "Scans"

    def ready(self) -> None:
        from archivist.scans import signals  # noqa: F401  (connects the removal of a scan's files)
