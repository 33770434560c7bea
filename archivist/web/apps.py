from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "archivist.web"
    label = "web"
