from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "archivist.search"
    label = "search"
