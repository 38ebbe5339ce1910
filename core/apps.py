from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared base: what every app above may use and which imports none of them."""

    name = "core"
    verbose_name = "Figures: horizon and recomputation queue"
