from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, ActivityPhoto, SuccessStory, Training


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "library", "date", "strategy", "participants_male", "participants_female"]
    list_filter = ["strategy", "date"]
    search_fields = ["title", "library__name"]
    raw_id_fields = ["library", "created_by"]
    list_select_related = ["library"]


@admin.register(ActivityPhoto)
class ActivityPhotoAdmin(admin.ModelAdmin):
    list_display = ["activity", "caption", "width", "height", "size", "created_at"]
    raw_id_fields = ["activity", "uploaded_by"]
    # The files have no public address: the photo is shown through the scoped view that serves it.
    exclude = ["image", "thumbnail"]
    readonly_fields = ["photo", "width", "height", "size", "client_token"]
    list_select_related = ["activity"]

    @admin.display(description=_("photo"))
    def photo(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("activities:activity_photo", args=[obj.pk])
        return format_html('<a href="{}"><img src="{}?size=thumb" alt=""></a>', url, url)


@admin.register(SuccessStory)
class SuccessStoryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "person_name", "library", "date", "consent_to_publish"]
    list_filter = ["consent_to_publish"]
    search_fields = ["title", "person_name", "library__name"]
    raw_id_fields = ["library", "activity", "created_by"]
    list_select_related = ["library"]


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organiser", "start_date", "end_date", "mode", "province"]
    list_filter = ["mode"]
    search_fields = ["title", "organiser"]
    raw_id_fields = ["libraries"]
