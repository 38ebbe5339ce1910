import django_filters

from .models import RowIssue, Severity


class RowIssueFilter(django_filters.FilterSet):
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label="Kind", empty_label="All")
    file_name = django_filters.ChoiceFilter(label="File", empty_label="All files")
    child = django_filters.CharFilter(label="Child's ID", lookup_expr="iexact")
    message = django_filters.CharFilter(label="Message contains", lookup_expr="icontains")

    class Meta:
        model = RowIssue
        fields = ["severity", "file_name", "child", "message"]

    def __init__(self, *args, file_names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["file_name"].extra["choices"] = [(name, name) for name in file_names]
