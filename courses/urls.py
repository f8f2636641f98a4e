from django.urls import path

from . import views
from .packages import views as packages
from .trainers import views as trainers

app_name = "courses"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("enrol/<int:course_id>/", views.enrol, name="enrol"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort"),
    path("lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("lessons/<int:lesson_id>/quiz/<str:quiz_id>/", views.quiz_submit, name="quiz_submit"),
    # Learning packages (SCORM, H5P) played in lessons
    path(
        "lessons/<int:lesson_id>/packages/<str:block_id>/files/",
        packages.package_file,
        name="package_files",
    ),
    path(
        "lessons/<int:lesson_id>/packages/<str:block_id>/files/<path:path>",
        packages.package_file,
        name="package_file",
    ),
    path(
        "lessons/<int:lesson_id>/packages/<str:block_id>/runtime/",
        packages.package_runtime,
        name="package_runtime",
    ),
    # The trainer network
    path("trainers/", trainers.directory, name="trainers"),
    path("trainers/<int:profile_id>/", trainers.trainer_detail, name="trainer"),
    path("trainers/region/", trainers.region_trainers, name="region_trainers"),
    path("trainer/", trainers.trainer_dashboard, name="trainer_dashboard"),
    path("trainer/profile/", trainers.trainer_profile_edit, name="trainer_profile"),
    path("trainer/cohorts/new/", trainers.cohort_open, name="cohort_open"),
    path("webinars/new/", trainers.webinar_new, name="webinar_new"),
    path("webinars/<int:webinar_id>/", trainers.webinar_detail, name="webinar"),
    path("webinars/<int:webinar_id>/edit/", trainers.webinar_edit, name="webinar_edit"),
    path("webinars/<int:webinar_id>/cancel/", trainers.webinar_cancel, name="webinar_cancel"),
    path("webinars/<int:webinar_id>/register/", trainers.webinar_register, name="webinar_register"),
    path(
        "webinars/<int:webinar_id>/unregister/",
        trainers.webinar_unregister,
        name="webinar_unregister",
    ),
    path("webinars/<int:webinar_id>/webinar.ics", trainers.webinar_ics, name="webinar_ics"),
    path(
        "webinars/<int:webinar_id>/attendance/",
        trainers.webinar_attendance,
        name="webinar_attendance",
    ),
    path("calendar/", trainers.calendar_page, name="calendar"),
    path("calendar/<str:token>.ics", trainers.calendar_feed, name="calendar_feed"),
]
