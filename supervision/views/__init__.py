"""Pages of the supervision app, one module per concept (see supervision/urls.py)."""


def chosen_statuses(request, statuses) -> list[str]:
    """The statuses a list is narrowed to (`?status=...`, repeatable; the dashboard's
    "Waiting for you" links here), unknown values left out."""
    return [value for value in request.GET.getlist("status") if value in statuses.values]
