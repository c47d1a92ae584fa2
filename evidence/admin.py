"""The thresholds of the evidence checks in the admin: one row, never deleted."""

from django.contrib import admin

from .models import EvidenceSettings


@admin.register(EvidenceSettings)
class EvidenceSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "backdated_days", "capture_days", "duplicate_days", "photo_distance", "peak_factor"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not EvidenceSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
