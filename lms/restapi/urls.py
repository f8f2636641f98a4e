"""``/api/``: the versioned endpoints every app adds through the ``rest_routes`` slot, the
OpenAPI schema, its interactive docs (Swagger UI, served from our own static files) and the
coordinators' token page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from lms import extensions

from . import views


def build_router() -> DefaultRouter:
    router = DefaultRouter()
    router.include_root_view = False
    extensions.collect("rest_routes", router)
    return router


app_name = "restapi"
urlpatterns = [
    path("v1/", include(build_router().urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="restapi:schema"), name="docs"),
    path("token/", views.token, name="token"),
]
