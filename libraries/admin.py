from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Aid, District, Library, Province, Regency, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    search_fields = ["code", "name"]
    raw_id_fields = ["regency"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["district", "regency"]


class AidInline(admin.TabularInline):
    model = Aid
    extra = 0


@admin.register(Library)
class LibraryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "village", "regency", "province", "cohort_year", "is_active"]
    list_filter = ["level", "province", "cohort_year", "partner_type", "is_active"]
    search_fields = ["name", "village__name", "regency__name"]
    raw_id_fields = ["province", "regency", "district", "village"]
    list_select_related = ["village", "regency", "province"]
    inlines = [AidInline]
