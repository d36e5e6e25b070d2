from rest_framework.pagination import PageNumberPagination


class DefaultPagination(PageNumberPagination):
    """Page-number pagination, with the client allowed to choose up to 200 rows a page."""

    page_size_query_param = "page_size"
    max_page_size = 200
