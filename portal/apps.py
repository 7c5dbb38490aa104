from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages of schools, professionals and families (DESIGN section 9)."""

    name = "portal"
