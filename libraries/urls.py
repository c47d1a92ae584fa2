from django.urls import path

from . import views

app_name = "libraries"

urlpatterns = [
    path("", views.LibraryListView.as_view(), name="library_list"),
    path("add/", views.LibraryCreateView.as_view(), name="library_add"),
    path("<int:pk>/", views.LibraryDetailView.as_view(), name="library_detail"),
    path("<int:pk>/edit/", views.LibraryUpdateView.as_view(), name="library_edit"),
    path("<int:pk>/delete/", views.LibraryDeleteView.as_view(), name="library_delete"),
]
