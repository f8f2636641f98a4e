from django.urls import path

from . import badges, views

app_name = "certificates"

urlpatterns = [
    # Public: verification of certificates and vouchers, the shared PDF (anyone with the
    # code), Open Badges.
    path("v/<str:code>/", views.short_link, name="short"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
    path("certificates/<str:code>.pdf", views.pdf, name="pdf"),
    path("badges/issuer.json", badges.issuer, name="badge_issuer"),
    path("badges/courses/<int:course_id>.json", badges.badge_class, name="badge_class"),
    path("badges/courses/<int:course_id>.svg", badges.badge_image, name="badge_image"),
    path("badges/assertions/<str:code>.json", badges.assertion, name="badge_assertion"),
    # Coordinators and administrators.
    path("certificates/manage/", views.manage_list, name="manage"),
    path("certificates/manage/<int:certificate_id>/", views.manage_detail, name="manage_detail"),
    path(
        "certificates/cohorts/<int:cohort_id>/archive/",
        views.cohort_archive,
        name="cohort_archive",
    ),
    path(
        "certificates/archives/<int:archive_id>/download/",
        views.archive_download,
        name="archive_download",
    ),
    # Social-credit vouchers: programme coordinators and university officers; the files
    # for the student, the coordinators and (the statement) the student's university.
    path("vouchers/", views.voucher_list, name="vouchers"),
    path("vouchers/export.csv", views.voucher_export_csv, name="vouchers_csv"),
    path("vouchers/export.xlsx", views.voucher_export_xlsx, name="vouchers_xlsx"),
    path("vouchers/<int:voucher_id>/paid/", views.voucher_paid, name="voucher_paid"),
    path("vouchers/<str:code>.pdf", views.voucher_pdf, name="voucher_pdf"),
    path("vouchers/<str:code>/statement.pdf", views.voucher_statement, name="voucher_statement"),
]
