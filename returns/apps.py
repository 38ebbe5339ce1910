from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The returns the authority sends (Annex A, SSDA903, the children in need census), written
    from the records by the same rules as the indicators. Sits above casework and indicators."""

    name = "returns"
    verbose_name = "Statutory returns and inspection lists"

    def ready(self) -> None:
        from core.navigation import register

        from .navigation import ITEMS

        register(*ITEMS)
