from django.contrib import admin

from .models import Post, SocialWorker, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "team_type", "is_active")
    list_filter = ("team_type", "is_active")
    search_fields = ("name",)
    # A plain multiple select with its label, not filter_horizontal: its widget's search icons
    # carry an aria-label a span may not have (axe-core: aria-prohibited-attr).


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
