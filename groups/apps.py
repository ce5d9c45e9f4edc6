from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Working groups"

    def ready(self):
        from groups import signals  # noqa: F401
