from django.urls import path

from . import views

app_name = "sim"

urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/<str:token>/", views.preview, name="preview"),
    path("import/<str:token>/confirm/", views.confirm, name="confirm"),
    path("export/<str:code>/", views.export, name="export"),
]
