"""URLs of the lifestory app, mounted under /portal/life-story/."""

from django.urls import path

from .views.books import BookCreateView, BookDetailView, BookEditView, BookListView, BookStepView
from .views.chapters import (
    ChapterAddView,
    ChapterEditView,
    ChapterMoveView,
    ChapterRemoveView,
    CommentAddView,
    CommentAnswerView,
)
from .views.contributions import (
    ContributionAcceptView,
    ContributionDeleteView,
    ContributionDiscardView,
    LinkCreateView,
    LinkRevokeView,
)
from .views.letters import LetterEditView, LetterStartView, LetterStepView
from .views.media import (
    PhotoAddView,
    PhotoClearView,
    PhotoEditView,
    PhotoFileView,
    PhotoRemoveView,
)
from .views.renders import BookPrintView, RenderDownloadView

app_name = "lifestory"

urlpatterns = [
    path("", BookListView.as_view(), name="book_list"),
    path("new/", BookCreateView.as_view(), name="book_create"),
    path("<int:pk>/", BookDetailView.as_view(), name="book_detail"),
    path("<int:pk>/details/", BookEditView.as_view(), name="book_edit"),
    path("<int:pk>/step/<slug:name>/", BookStepView.as_view(), name="book_step"),
    path("<int:pk>/chapters/new/", ChapterAddView.as_view(), name="chapter_add"),
    path("<int:pk>/chapters/<int:chapter>/", ChapterEditView.as_view(), name="chapter_edit"),
    path(
        "<int:pk>/chapters/<int:chapter>/remove/",
        ChapterRemoveView.as_view(),
        name="chapter_remove",
    ),
    path(
        "<int:pk>/chapters/<int:chapter>/move/<str:direction>/",
        ChapterMoveView.as_view(),
        name="chapter_move",
    ),
    path(
        "<int:pk>/chapters/<int:chapter>/comment/",
        CommentAddView.as_view(),
        name="comment_add",
    ),
    path(
        "<int:pk>/comments/<int:comment>/answer/",
        CommentAnswerView.as_view(),
        name="comment_answer",
    ),
    path("<int:pk>/print/", BookPrintView.as_view(), name="book_print"),
    path("<int:pk>/print/<int:render>.pdf", RenderDownloadView.as_view(), name="render_download"),
    path("<int:pk>/letter/", LetterEditView.as_view(), name="letter_edit"),
    path("<int:pk>/letter/start/", LetterStartView.as_view(), name="letter_start"),
    path("<int:pk>/letter/step/<slug:name>/", LetterStepView.as_view(), name="letter_step"),
    path("<int:pk>/photos/new/", PhotoAddView.as_view(), name="photo_add"),
    path("<int:pk>/photos/<int:photo>/", PhotoEditView.as_view(), name="photo_edit"),
    path("<int:pk>/photos/<int:photo>/remove/", PhotoRemoveView.as_view(), name="photo_remove"),
    path("<int:pk>/photos/<int:photo>/clear/", PhotoClearView.as_view(), name="photo_clear"),
    path(
        "<int:pk>/photos/<int:photo>/<slug:variant>/",
        PhotoFileView.as_view(),
        name="photo_file",
    ),
    path("<int:pk>/contributions/links/new/", LinkCreateView.as_view(), name="link_create"),
    path(
        "<int:pk>/contributions/links/<int:link>/revoke/",
        LinkRevokeView.as_view(),
        name="link_revoke",
    ),
    path(
        "<int:pk>/contributions/photos/<int:photo>/accept/",
        ContributionAcceptView.as_view(),
        name="contribution_accept",
    ),
    path(
        "<int:pk>/contributions/photos/<int:photo>/delete/",
        ContributionDeleteView.as_view(),
        name="contribution_delete",
    ),
    path(
        "<int:pk>/contributions/<int:contribution>/delete/",
        ContributionDiscardView.as_view(),
        name="contribution_discard",
    ),
]
