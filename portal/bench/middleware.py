"""Counts the SQL queries of each request, in the benchmark settings only.

Outermost middleware: the count covers the session, the user, the page cache
and the view. Queries run while a streaming response is being sent are not
counted (the header has left by then). The count goes out as a header that
the benchmark reads; nothing else in the portal sets or reads it.
"""

from __future__ import annotations

from django.db import connections

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with _wrapped(counter):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response


class _wrapped:
    """connection.execute_wrapper on every configured database at once."""

    def __init__(self, wrapper):
        self.wrapper = wrapper
        self.contexts = []

    def __enter__(self):
        for alias in connections:
            context = connections[alias].execute_wrapper(self.wrapper)
            context.__enter__()
            self.contexts.append(context)

    def __exit__(self, *exc):
        while self.contexts:
            self.contexts.pop().__exit__(*exc)
        return False
