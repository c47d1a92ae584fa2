from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at", "mail"]
    list_filter = ["kind", "mail"]
    search_fields = ["recipient__username", "subject"]
    raw_id_fields = ["recipient", "actor"]
    readonly_fields = ["target_type", "target_id", "once", "mail_claimed_at", "mailed_at", "mail_attempts"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "mail", "digest"]
    list_filter = ["kind", "mail", "digest"]
    raw_id_fields = ["user"]
