from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = "Volunteer programme"
