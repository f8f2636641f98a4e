from django.urls import path

from . import views

app_name = "hours"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("book.pdf", views.book_pdf, name="book_pdf"),
    path("<int:entry_id>/evidence/", views.evidence, name="evidence"),
    path("confirm/", views.confirm_list, name="confirm"),
    path("confirm/<int:entry_id>/", views.decide, name="decide"),
]
