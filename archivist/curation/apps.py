from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CurationConfig(AppConfig):
    name = "archivist.curation"
    label = "curation"
    verbose_name = "Curation"

    def ready(self) -> None:
        from archivist.curation import history, roles

        history.register_models()
        # Once the records and web apps have migrated and Django has made their permissions (auth's
        # receiver is connected before this one; web comes after records), the roles' groups are given them.
        post_migrate.connect(roles.ensure_roles, sender=apps.get_app_config("web"),
                             dispatch_uid="archivist.curation.roles")
