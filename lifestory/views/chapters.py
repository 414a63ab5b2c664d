"""Pages of a book's chapters: write one, add, remove, move up or down (by keyboard:
each move is a button), and the reviewer's comments with the worker's answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.dates import age_on
from portal.locking import RecordLocked
from portal.views import ServiceFormMixin, run_action

from ..forms.books import AnswerForm, ChapterAddForm, ChapterForm, CommentForm
from ..models import Chapter, ChapterComment
from ..services.chapters import (
    chapter_add,
    chapter_move,
    chapter_remove,
    chapter_update,
    comment_add,
    comment_answer,
)
from ..text import reading_age
from ..writing import to_html
from .books import BookActionMixin, BookMixin, _today


class ChapterMixin(BookActionMixin):
    """A page about one chapter of the book's current version (404 for any other)."""

    def refuse(self):
        chapter = (
            Chapter.objects.filter(pk=self.kwargs["chapter"], version__book=self.book)
            .select_related("version")
            .first()
        )
        if chapter is None:
            raise Http404("Not found")
        self.chapter = chapter
        return None

    def get_context_data(self, **kwargs):
        # The URL's own "chapter" (its id) is in kwargs too: the chapter itself wins.
        return super().get_context_data(**{**kwargs, "book": self.book, "chapter": self.chapter})


class ChapterEditView(ChapterMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/chapters/chapter_edit.html"
    form_class = ChapterForm
    action_permission = "lifestory.write_chapters"
    read_purpose = "Opened a chapter of a Life Story Book to write it"
    record_refusals = (RecordLocked,)

    def get_initial(self):
        return {"title": self.chapter.title, "body": self.chapter.body}

    def get_context_data(self, **kwargs):
        child_age = age_on(self.book.child.date_of_birth, _today())
        estimate = reading_age(to_html(self.chapter.body))
        return super().get_context_data(
            child_age=child_age, reading=estimate, verdict=estimate.verdict(child_age), **kwargs
        )

    def perform(self, form):
        return chapter_update(by=self.request.user, chapter=self.chapter, **form.cleaned_data)

    def performed(self, form, chapter):
        messages.success(self.request, f"“{chapter.title}” is saved.")
        if "save_and_stay" in self.request.POST:
            return redirect("lifestory:chapter_edit", pk=self.book.pk, chapter=chapter.pk)
        return self.back()


class ChapterAddView(BookActionMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/chapters/chapter_add.html"
    form_class = ChapterAddForm
    action_permission = "lifestory.write_chapters"
    read_purpose = "Opened a Life Story Book to add a chapter"
    record_refusals = (RecordLocked,)

    def get_context_data(self, **kwargs):
        return super().get_context_data(book=self.book, **kwargs)

    def perform(self, form):
        return chapter_add(by=self.request.user, book=self.book, title=form.cleaned_data["title"])

    def performed(self, form, chapter):
        messages.success(self.request, f"“{chapter.title}” is added at the end.")
        return redirect("lifestory:chapter_edit", pk=self.book.pk, chapter=chapter.pk)


class ChapterRemoveView(ChapterMixin, TemplateView):
    """Asks first: removing a chapter removes its text."""

    template_name = "lifestory/chapters/chapter_remove.html"
    action_permission = "lifestory.write_chapters"
    read_purpose = "Opened a chapter of a Life Story Book to remove it"

    def post(self, request, *args, **kwargs):
        title = self.chapter.title
        return run_action(
            request,
            lambda: chapter_remove(by=request.user, chapter=self.chapter),
            success=f"“{title}” is removed.",
            then=reverse("lifestory:book_detail", args=[self.book.pk]),
        )


class ChapterMoveView(BookMixin, View):
    """POST only: move a chapter one place up or down, then back to the book."""

    http_method_names = ["post"]
    action_permission = "lifestory.write_chapters"

    def post(self, request, pk, chapter, direction):
        book = self.load(pk)
        found = Chapter.objects.filter(pk=chapter, version__book=book).first()
        if found is None:
            raise Http404("Not found")
        return run_action(
            request,
            lambda: chapter_move(by=request.user, chapter=found, direction=direction),
            success=f"“{found.title}” is moved {direction}.",
            then=reverse("lifestory:book_detail", args=[book.pk]) + f"#chapter-{found.pk}",
        )


class CommentAddView(ChapterMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/chapters/comment_form.html"
    form_class = CommentForm
    action_permission = "lifestory.review_book"
    read_purpose = "Opened a chapter of a Life Story Book to comment on it"

    def perform(self, form):
        return comment_add(
            by=self.request.user, chapter=self.chapter, text=form.cleaned_data.get("text", "")
        )

    def performed(self, form, comment):
        messages.success(self.request, f"Your comment on “{self.chapter.title}” is added.")
        return self.back()


class CommentAnswerView(BookActionMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/chapters/comment_answer.html"
    form_class = AnswerForm
    action_permission = "lifestory.answer_comments"
    read_purpose = "Opened a comment on a Life Story Book to answer it"

    def refuse(self):
        comment = (
            ChapterComment.objects.filter(
                pk=self.kwargs["comment"], chapter__version__book=self.book
            )
            .select_related("chapter", "author")
            .first()
        )
        if comment is None:
            raise Http404("Not found")
        self.comment = comment
        return None

    def get_initial(self):
        return {"answer": self.comment.answer}

    def get_context_data(self, **kwargs):
        return super().get_context_data(book=self.book, comment=self.comment, **kwargs)

    def perform(self, form):
        return comment_answer(
            by=self.request.user,
            comment=self.comment,
            answer=form.cleaned_data.get("answer", ""),
            resolve="resolve" in self.request.POST,
        )

    def performed(self, form, comment):
        done = "answered and resolved" if comment.is_resolved else "answered"
        messages.success(self.request, f"The comment is {done}.")
        return redirect(
            reverse("lifestory:book_detail", args=[self.book.pk]) + f"#chapter-{comment.chapter_id}"
        )
