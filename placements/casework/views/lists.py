"""List pages: a filter form above a paginated list."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class FilteredListMixin:
    """`page_of(rows)` is the page asked for (`?page=`); `list_context` is what every
    list template reads, `query` keeping the filters in the pages' links."""

    per_page = 25

    def page_of(self, rows) -> Page:
        return Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))

    def list_context(self, form, *, filtered: bool, page: Page, **extra) -> dict:
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            "filter_form": form,
            "filtered": filtered,
            "page_obj": page,
            "query": query.urlencode(),
            **extra,
        }
