from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "caseload"
