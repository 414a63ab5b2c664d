"""Life Story Book pages: the list, starting a book, its page, its details and its
moves (issue 17). A book's page is a page of the child's record: it shows the
child's name and writes an access-log row. Out of scope answers 404 (nothing
says a book exists); a step the user may not take answers 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from placements.casework.models import Child
from placements.casework.selectors.requests import members
from placements.models import Placement
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.dates import age_on
from portal.forms import PortalForm
from portal.locking import RecordLocked
from portal.permissions import PermissionMixin, RecordActionMixin, RecordMixin
from portal.signatures import signatures_for
from portal.transitions import TransitionNotAllowed
from portal.views import FilteredListMixin, ServiceFormMixin
from portal.workingdays import WorkingDays

from ..forms.books import BookCreateForm, BookDetailsForm, BookStepForm
from ..models import LifeStoryBook, MediaItem
from ..selectors import books as reads
from ..selectors.contributions import contributions_section
from ..services.books import book_create, book_transition, book_update
from ..text import reading_age
from ..transitions import BOOK_TRANSITIONS, available
from ..writing import to_html
from .letter_section import letter_section

VIEW_PURPOSE = "Viewed a Life Story Book"


class BookFilterForm(PortalForm):
    q = forms.CharField(label="Child's reference", required=False, max_length=20)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All books"), *LifeStoryBook.Status.choices]
    )
    timing = forms.ChoiceField(
        label="Deadline",
        required=False,
        choices=[("", "Any"), ("attention", "Due within 10 working days or overdue")],
    )


class BookListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "lifestory/books/book_list.html"
    permission_required = "lifestory.list_books"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = BookFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        books = reads.books_visible_to(user).order_by("status", "final_due_date", "pk")
        if data.get("q"):
            books = books.filter(child__reference__icontains=data["q"].strip())
        if data.get("status"):
            books = books.filter(status=data["status"])
        if data.get("timing") == "attention":
            attention = {book.pk for book, _ in reads.books_needing_attention(user)}
            books = books.filter(pk__in=attention)
        page = self.page_of(books)
        calendar = WorkingDays()
        rows = [(book, reads.next_deadline(book, calendar=calendar)) for book in page.object_list]
        context.update(
            self.list_context(
                form,
                filtered=any(data.values()),
                page=page,
                rows=rows,
                can_start=user.has_perm("lifestory.add_lifestorybook"),
            )
        )
        return context


def _workers_and_students(user: User, held_by, *, manager: bool):
    workers = [u.pk for u in members(held_by, Role.LIFESTORY_WORKER)]
    if not manager:
        workers = [pk for pk in workers if pk == user.pk]
    placed = Placement.objects.filter(host=held_by).exclude(status__in=Placement.FINISHED_STATUSES)
    return (
        User.objects.filter(pk__in=workers).order_by("pk"),
        User.objects.filter(pk__in=placed.values("student")).order_by("pk"),
    )


def _manages(user: User, organisation_id) -> bool:
    return user.is_portal_admin or any(
        o.pk == organisation_id for o in user.organisations_where(Role.TEAM_MANAGER)
    )


class BookCreateView(PermissionMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/books/book_form.html"
    permission_required = "lifestory.add_lifestorybook"
    form_class = BookCreateForm
    service_field_names = {"child": "child_reference"}

    def _organisation(self):
        user = self.request.user
        for role in (Role.TEAM_MANAGER, Role.LIFESTORY_WORKER):
            found = user.organisations_where(role)
            if found:
                return found[0], role == Role.TEAM_MANAGER
        return None, user.is_portal_admin

    def get_form_kwargs(self):
        organisation, manager = self._organisation()
        if organisation is None:
            workers = (
                User.objects.filter(memberships__role=Role.LIFESTORY_WORKER)
                .distinct()
                .order_by("pk")
            )
            students = User.objects.none()
        else:
            workers, students = _workers_and_students(
                self.request.user, organisation, manager=manager
            )
        return {**super().get_form_kwargs(), "workers": workers, "students": students}

    def get_initial(self):
        user = self.request.user
        initial = {"plan_type": LifeStoryBook.PlanType.ADOPTION}
        if user.has_role(Role.LIFESTORY_WORKER):
            initial["worker"] = user.pk
        return initial

    def perform(self, form):
        data = form.cleaned_data
        user = self.request.user
        child = (
            Child.objects.select_related("held_by")
            .filter(reference=data["child_reference"])
            .first()
        )
        if child is not None and not (
            user.is_portal_admin or user.has_perm("lifestory.add_lifestorybook", child)
        ):
            child = None  # a child of another service: said the same as no child at all
        if child is None:
            raise ValidationError(
                {"child": ["No child with this reference is held by your service."]}
            )
        return book_create(
            by=user,
            child=child,
            plan_type=data["plan_type"],
            worker=data.get("worker"),
            co_worker=data.get("co_worker"),
            second_review_date=data.get("second_review_date"),
            celebration_hearing_date=data.get("celebration_hearing_date"),
        )

    def performed(self, form, book):
        messages.success(
            self.request,
            f"The Life Story Book of {book.child} is started, with its outline of chapters.",
        )
        return redirect("lifestory:book_detail", pk=book.pk)


class BookMixin(RecordMixin):
    """Loads the book: 404 outside the user's scope."""

    scope_permission = "lifestory.view_lifestorybook"
    find = staticmethod(reads.book_for_page)


class BookActionMixin(LoggedReadMixin, RecordActionMixin, BookMixin):
    record_name = "book"
    read_record = "book"

    def back(self):
        return redirect("lifestory:book_detail", pk=self.book.pk)


def chapter_rows(book: LifeStoryBook, chapters) -> list[dict]:
    child_age = age_on(book.child.date_of_birth, _today())
    rows = []
    for chapter in chapters:
        estimate = reading_age(to_html(chapter.body))
        rows.append(
            {
                "chapter": chapter,
                "comments": list(chapter.comments.all()),
                "reading": estimate,
                "verdict": estimate.verdict(child_age),
            }
        )
    return rows


def _today():
    return timezone.localdate()


class BookDetailView(BookMixin, TemplateView):
    template_name = "lifestory/books/book_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        book = self.load(kwargs["pk"])
        record_access(user, book, VIEW_PURPOSE, path=self.request.path)
        version = reads.current_version(book)
        chapters = reads.chapters_of(version)
        approved = [v for v in book.versions.order_by("number") if v.is_locked]
        context.update(
            book=book,
            child=book.child,
            child_age=age_on(book.child.date_of_birth, _today()),
            deadline=reads.next_deadline(book),
            version=version,
            approved_versions=approved,
            signatures=signatures_for(version),
            rows=chapter_rows(book, chapters),
            moves=[
                {
                    "transition": move,
                    "url": reverse("lifestory:book_step", args=[book.pk, move.name]),
                }
                for move in available(BOOK_TRANSITIONS, book, user)
            ],
            photos=list(
                MediaItem.objects.filter(
                    book=book, status=MediaItem.Status.ACCEPTED
                ).select_related("chapter", "cleared_by")
            ),
            can_clear=user.has_perm("lifestory.clear_media", book),
            can_print=user.has_perm("lifestory.render_book", book),
            can_write=user.has_perm("lifestory.write_chapters", book),
            can_review=user.has_perm("lifestory.review_book", book),
            can_answer=user.has_perm("lifestory.answer_comments", book),
            can_change=user.has_perm("lifestory.change_lifestorybook", book)
            and book.status != LifeStoryBook.Status.DELIVERED,
        )
        context.update(letter_section(self.request, book, _today()))
        context.update(contributions_section(user, book))
        return context


class BookEditView(BookActionMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/books/book_edit.html"
    form_class = BookDetailsForm
    action_permission = "lifestory.change_lifestorybook"
    read_purpose = "Opened a Life Story Book to change its details"

    def get_form_kwargs(self):
        manager = _manages(self.request.user, self.book.child.held_by_id)
        workers, students = _workers_and_students(
            self.request.user, self.book.child.held_by, manager=manager
        )
        if not manager:
            workers = User.objects.filter(pk=self.book.worker_id)
        return {**super().get_form_kwargs(), "workers": workers, "students": students}

    def get_initial(self):
        book = self.book
        return {
            "plan_type": book.plan_type,
            "worker": book.worker_id,
            "co_worker": book.co_worker_id,
            "second_review_date": book.second_review_date,
            "celebration_hearing_date": book.celebration_hearing_date,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(book=self.book, **kwargs)

    def perform(self, form):
        return book_update(by=self.request.user, book=self.book, **form.cleaned_data)

    def performed(self, form, book):
        messages.success(self.request, "The book's details are saved.")
        return self.back()


class BookStepView(BookActionMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/books/book_step.html"
    form_class = BookStepForm
    read_purpose = "Opened a Life Story Book to move it on"
    record_refusals = (TransitionNotAllowed, RecordLocked)

    def refuse(self):
        self.transition = BOOK_TRANSITIONS.get(self.kwargs["name"])
        if self.transition is None:
            raise Http404("Not found")
        if not self.transition.allowed_from(self.book.status):
            messages.error(
                self.request,
                f"This book is {self.book.get_status_display().lower()}: "
                f"“{self.transition.label}” is not possible now.",
            )
            return self.back()
        if not self.transition.who(self.request.user, self.book):
            raise PermissionDenied(f"Only {self.transition.who_text} can do this.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "transition": self.transition}

    def get_initial(self):
        return {"delivered_on": _today()} if self.transition.name == "deliver" else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            book=self.book,
            transition=self.transition,
            back_url=reverse("lifestory:book_detail", args=[self.book.pk]),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return book_transition(
            book=self.book,
            name=self.transition.name,
            by=self.request.user,
            reason=data.get("reason", ""),
            delivered_to=data.get("delivered_to", ""),
            delivered_on=data.get("delivered_on"),
            delivery_form=data.get("delivery_form", ""),
        )

    def performed(self, form, book):
        messages.success(self.request, self.transition.done_message)
        return self.back()
