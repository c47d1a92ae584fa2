from django.urls import path

from . import views

app_name = "libraries"

urlpatterns = [
    path("", views.LibraryListView.as_view(), name="library_list"),
    path("add/", views.LibraryCreateView.as_view(), name="library_add"),
    path("import/", views.LibraryImportView.as_view(), name="library_import"),
    path(
        "import/template.<str:fmt>",
        views.library_import_template,
        name="library_import_template",
    ),
    path("regions/villages/", views.village_options, name="village_options"),
    path("search/", views.LibrarySearchView.as_view(), name="library_search"),
    path("<int:pk>/", views.LibraryDetailView.as_view(), name="library_detail"),
    path("<int:pk>/edit/", views.LibraryUpdateView.as_view(), name="library_edit"),
    path("<int:pk>/delete/", views.LibraryDeleteView.as_view(), name="library_delete"),
    path("<int:pk>/cohorts/", views.LibraryCohortsView.as_view(), name="library_cohorts"),
    # aid
    path("aid/", views.AidListView.as_view(), name="aid_list"),
    path("aid/add/", views.AidCreateView.as_view(), name="aid_add"),
    path("aid/<int:pk>/", views.AidDetailView.as_view(), name="aid_detail"),
    path("aid/<int:pk>/edit/", views.AidUpdateView.as_view(), name="aid_edit"),
    path("aid/<int:pk>/delete/", views.AidDeleteView.as_view(), name="aid_delete"),
    # synergy teams, their members, meetings and commitments
    path("synergy-teams/", views.SynergyTeamListView.as_view(), name="synergyteam_list"),
    path("synergy-teams/add/", views.SynergyTeamCreateView.as_view(), name="synergyteam_add"),
    path("synergy-teams/<int:pk>/", views.SynergyTeamDetailView.as_view(), name="synergyteam_detail"),
    path("synergy-teams/<int:pk>/edit/", views.SynergyTeamUpdateView.as_view(), name="synergyteam_edit"),
    path("synergy-teams/<int:pk>/delete/", views.SynergyTeamDeleteView.as_view(), name="synergyteam_delete"),
    path("team-members/", views.TeamMemberListView.as_view(), name="teammember_list"),
    path("team-members/add/", views.TeamMemberCreateView.as_view(), name="teammember_add"),
    path("team-members/<int:pk>/", views.TeamMemberDetailView.as_view(), name="teammember_detail"),
    path("team-members/<int:pk>/edit/", views.TeamMemberUpdateView.as_view(), name="teammember_edit"),
    path("team-members/<int:pk>/delete/", views.TeamMemberDeleteView.as_view(), name="teammember_delete"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/add/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments/add/", views.CommitmentCreateView.as_view(), name="commitment_add"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.CommitmentUpdateView.as_view(), name="commitment_edit"),
    path("commitments/<int:pk>/delete/", views.CommitmentDeleteView.as_view(), name="commitment_delete"),
    path("commitments/<int:pk>/evidence/", views.commitment_evidence, name="commitment_evidence"),
]
