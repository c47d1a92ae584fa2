from django.contrib import admin

from .models import SimPlace


@admin.register(SimPlace)
class SimPlaceAdmin(admin.ModelAdmin):
    """The places users chose for SIM's libraries: an administrator corrects or forgets a wrong choice here."""

    list_display = ["name", "regency", "village", "library", "skip", "chosen_by", "chosen_at"]
    list_filter = ["skip"]
    search_fields = ["name", "name_key", "regency__name"]
    raw_id_fields = ["regency", "village", "library", "chosen_by"]
    readonly_fields = ["name_key", "village_key", "chosen_at"]
