from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """50 a page; ``?page_size=`` asks for up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
