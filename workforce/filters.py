import django_filters
from django.utils import timezone

from .models import Employment, SocialWorker, Team, TeamType


class TeamFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Team name")
    team_type = django_filters.ChoiceFilter(choices=TeamType.choices, label="Type", empty_label="Any type")

    class Meta:
        model = Team
        fields = ["name", "team_type"]


class WorkerFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label="Name")
    team = django_filters.ModelChoiceFilter(queryset=Team.objects.none(), empty_label="Any team")
    employment = django_filters.ChoiceFilter(choices=Employment.choices, empty_label="Permanent or agency")
    in_post = django_filters.BooleanFilter(method="filter_in_post", label="In post today")

    class Meta:
        model = SocialWorker
        fields = ["name", "team", "employment"]

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["team"].queryset = teams if teams is not None else Team.objects.all()

    def filter_name(self, queryset, name, value):
        from django.db.models import Q

        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset

    def filter_in_post(self, queryset, name, value):
        from .selectors import open_on

        if value is None:
            return queryset
        in_post = open_on(timezone.localdate())
        return queryset.filter(in_post) if value else queryset.exclude(in_post)
