from django.urls import path

from . import views
from .profile import ProfileView

app_name = "accounts"

urlpatterns = [
    path("profile/", ProfileView.as_view(), name="profile"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/import/", views.UserImportView.as_view(), name="user_import"),
    path("users/import/template.<str:fmt>", views.user_import_template, name="user_import_template"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_edit"),
    path("users/<int:pk>/active/", views.UserActiveView.as_view(), name="user_active"),
    path("users/<int:pk>/password-link/", views.PasswordLinkView.as_view(), name="user_password_link"),
]
