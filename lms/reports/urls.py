from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("yearly/", views.yearly, name="yearly"),
    path("exports/", views.exports, name="exports"),
    path("exports/<int:job_id>/", views.download, name="download"),
]
