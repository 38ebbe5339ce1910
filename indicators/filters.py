"""Filters of the drill-down list (in SQL, on the records the user may open)."""

import django_filters

from .models import SnapshotRecord


class DrillDownFilter(django_filters.FilterSet):
    in_numerator = django_filters.ChoiceFilter(
        label="Show",
        choices=[("no", "Not in the numerator"), ("yes", "In the numerator")],
        empty_label="All records",
        method="filter_in_numerator",
    )

    class Meta:
        model = SnapshotRecord
        fields = ["in_numerator"]

    def filter_in_numerator(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(in_numerator=True)
        if value == "no":
            return queryset.filter(in_numerator=False)
        return queryset
