from django.urls import path

from . import views

app_name = "activities"

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
]
