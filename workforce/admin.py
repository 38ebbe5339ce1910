from django.contrib import admin

from .models import Allocation, CaseSupervision, Post, SocialWorker, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "team_type", "is_active")
    list_filter = ("team_type", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("managers",)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("reference", "team", "fte", "funded_from", "funded_to")
    list_filter = ("team",)
    search_fields = ("reference", "team__name")
    date_hierarchy = "funded_from"


@admin.register(SocialWorker)
class SocialWorkerAdmin(admin.ModelAdmin):
    list_display = ("full_name", "team", "employment", "qualified_on", "asye_started_on", "started_on", "ended_on")
    list_filter = ("team", "employment", "team__team_type")
    search_fields = ("first_name", "last_name", "swe_number", "user__username")
    autocomplete_fields = ("user", "post")
    list_select_related = ("team",)


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ("child", "worker", "team", "started_on", "ended_on")
    list_filter = ("team",)
    search_fields = ("child__first_name", "child__last_name", "child__la_child_id", "worker__last_name")
    autocomplete_fields = ("child", "worker")
    list_select_related = ("child", "worker", "team")
    date_hierarchy = "started_on"

    def get_queryset(self, request):
        from casework.selectors import children_visible_to

        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(child__in=children_visible_to(request.user))


@admin.register(CaseSupervision)
class CaseSupervisionAdmin(AllocationAdmin):
    list_display = ("child", "supervised_on", "supervisor")
    list_filter = ()
    search_fields = ("child__first_name", "child__last_name", "child__la_child_id")
    autocomplete_fields = ("child",)
    list_select_related = ("child", "supervisor")
    date_hierarchy = "supervised_on"
