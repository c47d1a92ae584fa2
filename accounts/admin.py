from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from foundation.counting import tables_changed

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["province", "regency", "library"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active", "is_superuser", "role_assignments__role"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Contact"), {"fields": ("phone",)}))
    inlines = [RoleAssignmentInline]
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate selected users"))
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)
        AuthToken.objects.filter(user__in=queryset).delete()  # their API tokens die with the accounts
        tables_changed(queryset.model)  # an update sends no signals
