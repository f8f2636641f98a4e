from django.urls import path

from . import views

app_name = "socialcredit"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("placements/<int:placement_id>/", views.placement, name="placement"),
    path("host/", views.host, name="host"),
    path("university/", views.university, name="university"),
    path("university/students.csv", views.university_csv, name="university_csv"),
]
