"""Peer Learning Meetings in the admin, with their presentations and follow-ups."""

from django.contrib import admin

from reports.models import PeerLearningMeeting, PlmFollowUp, PlmPresentation


class PresentationInline(admin.TabularInline):
    model = PlmPresentation
    extra = 0
    raw_id_fields = ["library"]


class FollowUpInline(admin.TabularInline):
    model = PlmFollowUp
    extra = 0


@admin.register(PeerLearningMeeting)
class PeerLearningMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "province", "regency", "date", "mode", "period"]
    list_filter = ["level", "mode"]
    raw_id_fields = ["libraries"]
    inlines = [PresentationInline, FollowUpInline]
