"""The header's sections: the list pages each role works from (issue 16, requirement 5).

Portal imports no app (docs/architecture.md), so each app registers its list pages
at start-up with `nav_section`. A section shows to exactly the people its page lets
in: the link's visibility is read from the view the URL resolves to, the permission
it declares (portal.permissions), so the header and the page cannot disagree and no
rule is written twice. A section's page must be a list page reached with a
permission (or by every signed-in user); anything else is a mistake, refused when
the header is first built.

A section's label is lazy (gettext_lazy in the app's `ready`): it is put into words
when the header is drawn, in the language of that page, never once at start-up.

The current section is the one whose address, or one of the addresses it also
covers (`also`: pages about its records that sit elsewhere, such as supervision's
pages about a placement), is the longest start of the page's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.urls import resolve, reverse
from django.utils.functional import Promise

from .permissions import PERMISSION, SIGNED_IN, access_declaration


@dataclass(frozen=True)
class NavSection:
    label: str | Promise  # lazy: translated when the header is drawn
    url_name: str
    order: int
    also: tuple[str, ...] = ()  # path prefixes of pages that belong to this section


_sections: dict[str, NavSection] = {}
_also: dict[str, tuple[str, ...]] = {}  # from later apps, by section url name


def nav_section(label: str, url_name: str, *, order: int, also: tuple[str, ...] = ()) -> None:
    """Register the list page `url_name` as a header section called `label`, shown in
    `order` among the apps' sections. Registering it again replaces it."""
    _sections[url_name] = NavSection(label, url_name, order, tuple(also))


def nav_section_also(url_name: str, *prefixes: str) -> None:
    """Mark pages under `prefixes` (a later app's) as part of the section of `url_name`,
    whichever app registers first."""
    known = _also.get(url_name, ())
    _also[url_name] = (*known, *(prefix for prefix in prefixes if prefix not in known))


def registered_sections() -> list[NavSection]:
    return sorted(
        (
            NavSection(s.label, s.url_name, s.order, (*s.also, *_also.get(s.url_name, ())))
            for s in _sections.values()
        ),
        # By `order`, then the page's URL name (not the label: the order must not
        # change with the page's language).
        key=lambda section: (section.order, section.url_name),
    )


@cache
def page_permission(url_name: str) -> str | None:
    """The permission the page of `url_name` declares; None if every signed-in user
    may open it. Refuses a page that declares neither (an object page or a public one
    is no section)."""
    callback = resolve(reverse(url_name)).func
    declared = access_declaration(callback)
    if declared == SIGNED_IN:
        return None
    if declared == PERMISSION:
        view_class = getattr(callback, "view_class", None)
        perm = getattr(callback, "portal_permission", None) or getattr(
            view_class, "permission_required", ""
        )
        if perm:
            return perm
    raise ImproperlyConfigured(
        f"The header section {url_name} is not a list page reached with a permission "
        f"(its view declares {declared!r})."
    )


def may_open(user, url_name: str) -> bool:
    """Whether `user` may open the page of `url_name`, by the page's own declaration."""
    if not user.is_authenticated:
        return False
    perm = page_permission(url_name)
    return perm is None or user.has_perm(perm)


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    href: str
    also: tuple[str, ...] = ()


def sections_for(user) -> list[NavLink]:
    """The registered sections `user` may open, in order."""
    return [
        NavLink(section.label, reverse(section.url_name), section.also)
        for section in registered_sections()
        if may_open(user, section.url_name)
    ]


def current_href(path: str, links: list[NavLink], *, exclude: tuple[str, ...] = ()) -> str | None:
    """The href of the link whose address (or one it also covers) is the longest start
    of `path`; None when no link's is."""
    best: tuple[int, str] | None = None
    for link in links:
        if link.href in exclude:
            continue
        for prefix in (link.href, *link.also):
            if path.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), link.href)
    return best[1] if best else None
