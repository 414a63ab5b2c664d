"""Pages of a book's later-life letter (issue 17, R5): start it, write it, and its
moves (send for review, ask for changes, approve, change the approved letter).

The letter is seen by whoever sees its book: out of scope answers 404; a page the
person may not use answers 403; a letter whose status no longer allows the page
sends them back to the book with the reason. Each page shown logs a read of the
letter.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView

from portal.locking import RecordLocked
from portal.transitions import TransitionNotAllowed
from portal.views import ServiceFormMixin, run_action

from ..forms.letters import LetterForm, LetterStepForm
from ..models import LaterLifeLetter
from ..selectors.letters import current_letter
from ..services.letters import letter_start, letter_transition, letter_update
from ..transitions import LETTER_TRANSITIONS
from .books import BookActionMixin, BookMixin, _today
from .letter_section import letter_reading


def _back_to_letter(book):
    return redirect(reverse("lifestory:book_detail", args=[book.pk]) + "#later-life-letter")


class LetterStartView(BookMixin, View):
    """POST only: start the book's letter, then write it."""

    http_method_names = ["post"]
    action_permission = "lifestory.write_letter"

    def post(self, request, pk):
        book = self.load(pk)
        return run_action(
            request,
            lambda: letter_start(by=request.user, book=book),
            success="The later-life letter is started.",
            then=reverse("lifestory:letter_edit", args=[book.pk]),
            refused_to=reverse("lifestory:book_detail", args=[book.pk]) + "#later-life-letter",
        )


class LetterMixin(BookActionMixin):
    """A page about the book's current letter: loaded into `self.letter` (whose read
    is logged); a book without a letter sends the person back to start it."""

    read_record = "letter"

    def back(self):
        return _back_to_letter(self.book)

    def refuse(self):
        self.letter = current_letter(self.book)
        if self.letter is None:
            messages.error(self.request, "Start the later-life letter first.")
            return self.back()
        self.letter.book = self.book
        return self.refuse_letter()

    def refuse_letter(self):
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            book=self.book,
            letter=self.letter,
            **letter_reading(self.letter, _today()),
            **kwargs,
        )


class LetterEditView(LetterMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/letters/letter_edit.html"
    form_class = LetterForm
    action_permission = "lifestory.write_letter"
    read_purpose = "Opened a later-life letter to write it"
    record_refusals = (RecordLocked,)

    def refuse_letter(self):
        if self.letter.status != LaterLifeLetter.Status.DRAFT:
            messages.error(
                self.request,
                f"The letter is {self.letter.get_status_display().lower()}: it cannot be "
                "written now.",
            )
            return self.back()
        return None

    def get_initial(self):
        return {"addressed_to": self.letter.addressed_to, "body": self.letter.body}

    def perform(self, form):
        return letter_update(by=self.request.user, letter=self.letter, **form.cleaned_data)

    def performed(self, form, letter):
        messages.success(self.request, "The later-life letter is saved.")
        if "save_and_stay" in self.request.POST:
            return redirect("lifestory:letter_edit", pk=self.book.pk)
        return self.back()


class LetterStepView(LetterMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/letters/letter_step.html"
    form_class = LetterStepForm
    read_purpose = "Opened a later-life letter to move it on"
    record_refusals = (TransitionNotAllowed, RecordLocked)

    def refuse(self):
        self.transition = LETTER_TRANSITIONS.get(self.kwargs["name"])
        if self.transition is None:
            raise Http404("Not found")
        return super().refuse()

    def refuse_letter(self):
        if not self.transition.allowed_from(self.letter.status):
            messages.error(
                self.request,
                f"This letter is {self.letter.get_status_display().lower()}: "
                f"“{self.transition.label}” is not possible now.",
            )
            return self.back()
        if not self.transition.who(self.request.user, self.letter):
            raise PermissionDenied(f"Only {self.transition.who_text} can do this.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "transition": self.transition}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            transition=self.transition,
            back_url=reverse("lifestory:book_detail", args=[self.book.pk]) + "#later-life-letter",
            **kwargs,
        )

    def perform(self, form):
        return letter_transition(
            letter=self.letter,
            name=self.transition.name,
            by=self.request.user,
            reason=form.cleaned_data.get("reason", ""),
        )

    def performed(self, form, letter):
        messages.success(self.request, self.transition.done_message)
        return self.back()
