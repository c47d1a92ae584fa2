from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("monthly/", views.MonthlyReportListView.as_view(), name="monthlyreport_list"),
    path("monthly/add/", views.MonthlyReportCreateView.as_view(), name="monthlyreport_add"),
    path("monthly/<int:pk>/", views.MonthlyReportDetailView.as_view(), name="monthlyreport_detail"),
    path("monthly/<int:pk>/edit/", views.MonthlyReportUpdateView.as_view(), name="monthlyreport_edit"),
    path("monthly/<int:pk>/submit/", views.SubmitView.as_view(), name="monthlyreport_submit"),
    path("monthly/<int:pk>/verify/", views.VerifyView.as_view(), name="monthlyreport_verify"),
    path("monthly/<int:pk>/return/", views.ReturnView.as_view(), name="monthlyreport_return"),
    path("reminders/", views.ReminderListView.as_view(), name="reminder_list"),
]
