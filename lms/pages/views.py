from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale

from . import selectors
from .forms import SearchForm

RESULTS_PER_PAGE = 10
MATERIALS_IN_RESULTS = 5


def search(request):
    """Wagtail search over the pages of the reader's language and the materials library."""
    form = SearchForm(request.GET or None)
    query = form.query()
    pages = materials = None
    if query:
        locale = Locale.get_active()
        pages = Paginator(selectors.search_pages(query=query, locale=locale), RESULTS_PER_PAGE)
        pages = pages.get_page(request.GET.get("page"))
        materials = list(selectors.search_materials(query=query)[:MATERIALS_IN_RESULTS])
    return render(
        request,
        "pages/search.html",
        {"form": form, "query": query, "results": pages, "materials": materials},
    )
