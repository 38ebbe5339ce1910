from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        from core.navigation import register

        from .navigation import ITEMS

        register(*ITEMS)
        # The due-date rules (casework.timescales) read the parameters kept in the catalogue.
        from casework.timescales import DEFAULT_PARAMETERS, set_stored_parameter_source

        from . import audit  # noqa: F401  registers models with the audit log
        from .models import Indicator

        def stored() -> dict[str, dict]:
            return dict(Indicator.objects.filter(code__in=DEFAULT_PARAMETERS).values_list("code", "parameters"))

        set_stored_parameter_source(stored)
