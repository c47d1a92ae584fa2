from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Training


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "library", "date", "strategy", "participants_male", "participants_female"]
    list_filter = ["strategy", "date"]
    search_fields = ["title", "library__name"]
    raw_id_fields = ["library", "created_by"]
    list_select_related = ["library"]


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organiser", "start_date", "end_date", "mode", "province"]
    list_filter = ["mode"]
    search_fields = ["title", "organiser"]
    raw_id_fields = ["libraries"]
