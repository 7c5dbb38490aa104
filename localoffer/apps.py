from django.apps import AppConfig


class LocalofferConfig(AppConfig):
    name = "localoffer"
