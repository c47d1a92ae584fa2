from django.urls import path

from . import record_views, views

app_name = "activities"


def record_urls(prefix: str, name: str, model: str) -> list:
    """List, add, detail, edit and delete of one record type: ``record_views.<Model>ListView`` and so on."""
    view = lambda page: getattr(record_views, f"{model}{page}View").as_view()  # noqa: E731
    return [
        path(f"{prefix}/", view("List"), name=f"{name}_list"),
        path(f"{prefix}/add/", view("Create"), name=f"{name}_add"),
        path(f"{prefix}/<int:pk>/", view("Detail"), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", view("Update"), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", view("Delete"), name=f"{name}_delete"),
    ]


urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("add/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("<int:pk>/photos/add/", views.photo_add, name="activity_photo_add"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="activity_photo"),
    path("photos/<int:pk>/delete/", views.PhotoDeleteView.as_view(), name="activity_photo_delete"),
    path("stories/", views.SuccessStoryListView.as_view(), name="successstory_list"),
    path("stories/add/", views.SuccessStoryCreateView.as_view(), name="successstory_add"),
    path("stories/<int:pk>/", views.SuccessStoryDetailView.as_view(), name="successstory_detail"),
    path("stories/<int:pk>/edit/", views.SuccessStoryUpdateView.as_view(), name="successstory_edit"),
    path("stories/<int:pk>/delete/", views.SuccessStoryDeleteView.as_view(), name="successstory_delete"),
    # The program's records with pages of their own.
    *record_urls("advocacy", "advocacy", "Advocacy"),
    path("advocacy/<int:pk>/document/", record_views.advocacy_document, name="advocacy_document"),
    *record_urls("publications", "publication", "Publication"),
    *record_urls("service-snapshots", "servicesnapshot", "ServiceSnapshot"),
    *record_urls("replications", "replication", "Replication"),
]
