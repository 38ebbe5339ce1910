import django_filters

from .models import RowIssue, Severity


class RowIssueFilter(django_filters.FilterSet):
    part = django_filters.ChoiceFilter(label="Return", empty_label="Both returns", method="in_part")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label="Kind", empty_label="All")
    file_name = django_filters.ChoiceFilter(label="File", empty_label="All files")
    child = django_filters.CharFilter(label="Child's ID", lookup_expr="iexact")
    message = django_filters.CharFilter(label="Message contains", lookup_expr="icontains")

    class Meta:
        model = RowIssue
        fields = ["severity", "file_name", "child", "message"]

    def __init__(self, *args, file_names: list[str], parts: list[dict] | None = None, **kwargs):
        """``parts``: the batch's returns (``ImportBatch.parts``); an upload of both can be filtered by return."""
        super().__init__(*args, **kwargs)
        self.filters["file_name"].extra["choices"] = [(name, name) for name in file_names]
        parts = parts or []
        self.part_files = {part["kind"]: part["files"] for part in parts}
        if len(parts) > 1:
            self.filters["part"].extra["choices"] = [(part["kind"], part["label"]) for part in parts]
        else:
            del self.filters["part"]

    def in_part(self, queryset, name, value):
        return queryset.filter(file_name__in=self.part_files.get(value, []))
