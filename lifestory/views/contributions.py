"""Contribution links and the quarantine list, for the book's writers (issue 17, R4).

The book page's "Contributions" section (`contributions_context`); sending a
link, whose address is shown once, on the page that follows; revoking one;
accepting a photo that arrived into the book, or deleting it; deleting a
contribution's message once read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from portal.views import ServiceFormMixin, run_action

from ..forms.contributions import AcceptForm, LinkCreateForm
from ..models import Contribution, ContributionLink, MediaItem
from ..selectors.books import current_version
from ..services.contributions import (
    contribution_accept,
    contribution_delete,
    contribution_discard,
    contribution_url,
    link_create,
    link_revoke,
)
from .books import BookActionMixin

MANAGE = "lifestory.manage_contributions"


def _section(book) -> str:
    return reverse("lifestory:book_detail", args=[book.pk]) + "#contributions"


def _private(response):
    """A page holding a link's address: kept out of caches, and never sent on."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class ContributionsMixin(BookActionMixin):
    action_permission = MANAGE

    def get_context_data(self, **kwargs):
        return super().get_context_data(book=self.book, back_url=_section(self.book), **kwargs)


class LinkCreateView(ContributionsMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/contributions/link_create.html"
    form_class = LinkCreateForm
    read_purpose = "Opened a Life Story Book to send a contribution link"

    def perform(self, form):
        return link_create(by=self.request.user, book=self.book, **form.cleaned_data)

    def performed(self, form, result):
        link, raw = result
        context = {"book": self.book, "link": link, "url": contribution_url(raw)}
        response = render(self.request, "lifestory/contributions/link_created.html", context)
        return _private(response)


class LinkMixin(ContributionsMixin):
    def refuse(self):
        self.link = ContributionLink.objects.filter(pk=self.kwargs["link"], book=self.book).first()
        if self.link is None:
            raise Http404("Not found")
        return None


class LinkRevokeView(LinkMixin, TemplateView):
    template_name = "lifestory/contributions/link_revoke.html"
    read_purpose = "Opened a Life Story Book to revoke a contribution link"

    def get_context_data(self, **kwargs):
        # The URL's own `link` (a pk) gives way to the link itself.
        return super().get_context_data(**{**kwargs, "link": self.link})

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: link_revoke(by=request.user, link=self.link),
            success=f"The link for {self.link.contributor_name} is revoked: it no longer works.",
            then=_section(self.book),
        )


class WaitingMixin(ContributionsMixin):
    def refuse(self):
        self.item = MediaItem.objects.filter(
            pk=self.kwargs["photo"], book=self.book, status=MediaItem.Status.QUARANTINE
        ).first()
        if self.item is None:
            raise Http404("Not found")
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class ContributionAcceptView(WaitingMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/contributions/accept.html"
    form_class = AcceptForm
    read_purpose = "Opened a contributed photo to accept it into a Life Story Book"

    def get_form_kwargs(self):
        chapters = current_version(self.book).chapters.order_by("position", "pk")
        return {**super().get_form_kwargs(), "chapters": chapters}

    def get_initial(self):
        return {"caption": self.item.caption}

    def perform(self, form):
        return contribution_accept(by=self.request.user, item=self.item, **form.cleaned_data)

    def performed(self, form, item):
        messages.success(self.request, f"“{item.caption}” is now in the book's photos.")
        return redirect(reverse("lifestory:book_detail", args=[self.book.pk]) + "#photos")


class ContributionDeleteView(WaitingMixin, TemplateView):
    template_name = "lifestory/contributions/delete.html"
    read_purpose = "Opened a contributed photo to delete it"

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: contribution_delete(by=request.user, item=self.item),
            success="The photo is deleted.",
            then=_section(self.book),
        )


class ContributionDiscardView(ContributionsMixin, TemplateView):
    template_name = "lifestory/contributions/discard.html"
    read_purpose = "Opened a contribution to delete its message"

    def refuse(self):
        self.contribution = (
            Contribution.objects.filter(pk=self.kwargs["contribution"], link__book=self.book)
            .select_related("link")
            .first()
        )
        if self.contribution is None:
            raise Http404("Not found")
        return None

    def get_context_data(self, **kwargs):
        waiting = self.contribution.media.filter(status=MediaItem.Status.QUARANTINE).count()
        return super().get_context_data(
            **{**kwargs, "contribution": self.contribution, "waiting_count": waiting}
        )

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: contribution_discard(by=request.user, contribution=self.contribution),
            success="The contribution is deleted.",
            then=_section(self.book),
        )
