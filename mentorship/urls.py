from django.urls import path

from . import views

app_name = "mentorship"

urlpatterns = [
    # Everyone signed in: programmes to apply to; a mentor's own applications and match.
    path("", views.index, name="index"),
    path("apply/<int:programme_id>/", views.apply, name="apply"),
    path("applications/<int:mentor_id>/withdraw/", views.withdraw, name="withdraw"),
    path("sessions/", views.my_sessions, name="my_sessions"),
    # A match: its coordinator's and its mentor's page.
    path("matches/<int:match_id>/", views.match, name="match"),
    path("matches/<int:match_id>/sessions/new/", views.session_new, name="session_new"),
    path("matches/<int:match_id>/concern/", views.concern_new, name="concern_new"),
    path("mentees/<int:mentee_id>/", views.mentee, name="mentee"),
    path("concerns/<int:concern_id>/", views.concern, name="concern"),
    # A programme's coordinators.
    path("programmes/<int:programme_id>/", views.dashboard, name="dashboard"),
    path("programmes/<int:programme_id>/mentors/", views.mentors, name="mentors"),
    path(
        "programmes/<int:programme_id>/mentors/<int:mentor_id>/",
        views.mentor,
        name="mentor",
    ),
    path("programmes/<int:programme_id>/mentees/", views.mentees, name="mentees"),
    path("programmes/<int:programme_id>/mentees/new/", views.mentee_new, name="mentee_new"),
    path("mentees/<int:mentee_id>/edit/", views.mentee_edit, name="mentee_edit"),
    path("programmes/<int:programme_id>/matches/", views.matches, name="matches"),
    path("programmes/<int:programme_id>/matches/new/", views.match_new, name="match_new"),
    path("programmes/<int:programme_id>/concerns/", views.concerns, name="concerns"),
    path("programmes/<int:programme_id>/audit/", views.audit, name="audit"),
]
