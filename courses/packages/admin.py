"""The content packages' admin screen (a snippet of the "Learning" menu group).

Creating uploads an archive through ``package_import``; editing changes the title and may
put a new archive of the same kind in place (``package_replace``). A refused archive shows
its reason on the form's archive field and changes nothing.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from . import selectors, services
from .archive import PackageError
from .forms import ContentPackageForm
from .models import ContentPackage


class _RefusalOnField:
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PackageError as error:
            form.add_error("archive", error.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class PackageCreateView(_RefusalOnField, CreateView):
    def save_instance(self):
        package = services.package_import(
            file=self.form.cleaned_data["archive"],
            title=self.form.cleaned_data.get("title") or "",
            uploaded_by=self.request.user,
        )
        log(instance=package, action="wagtail.create", user=self.request.user)
        return package


class PackageEditView(_RefusalOnField, EditView):
    def save_instance(self):
        archive = self.form.cleaned_data.get("archive")
        title = self.form.cleaned_data.get("title") or ""
        if archive:
            package = services.package_replace(package=self.object, file=archive, title=title)
        else:
            package = self.form.save()
        log(instance=package, action="wagtail.edit", user=self.request.user)
        return package


class PackageDeleteView(DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
        services.package_delete(package=self.object)


class ContentPackageViewSet(SnippetViewSet):
    model = ContentPackage
    icon = "media"
    menu_label = _("Content packages")
    add_view_class = PackageCreateView
    edit_view_class = PackageEditView
    delete_view_class = PackageDeleteView
    list_display = [
        "title",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("size", label=_("Size"), accessor="size_display"),
        "file_count",
        "created_at",
    ]
    list_filter = ["kind"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("archive")], base_form_class=ContentPackageForm
    )

    def get_queryset(self, request):
        return selectors.package_list()
