"""The evaluation of a programme (requirement 7): figures for the enrolments
completed in a range of end dates, a chart of child protection plans with the
same figures in a table, and the figures as CSV (`?format=csv`). What each
figure counts, and why, is in selectors.evaluation."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from portal.downloads import csv_response
from portal.permissions import OBJECT, require_object_permission

from ..forms.outcomes import EvaluationFilterForm
from ..models import OutcomeCheck
from ..selectors.evaluation import MIN_GROUP, SUPPRESSED_TEXT, Evaluation, programme_evaluation
from ..selectors.programmes import programme_for_slug

P = OutcomeCheck.Point
CHART_BARS = (
    ("cp_plans_baseline", "At referral"),
    ("cp_plans_3m", "3 months after"),
    ("cp_plans_12m", "12 months after"),
)
# The chart's geometry (SVG user units).
WIDTH, HEIGHT, TOP, BOTTOM, LEFT, BAR, GAP = 480, 260, 24, 36, 40, 96, 48


def cp_chart(evaluation: Evaluation) -> dict:
    """Bars for the CP-plan counts; a suppressed figure has no bar, only its words."""
    figures = [(evaluation.figures[key], label) for key, label in CHART_BARS]
    tallest = max([f.shown or 0 for f, _label in figures] + [1])
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (figure, label) in enumerate(figures):
        x = LEFT + GAP // 2 + index * (BAR + GAP)
        value = figure.shown
        height = round(plot * (value or 0) / tallest)
        bars.append(
            {
                "label": label,
                "value": value,
                "suppressed": figure.suppressed,
                "n": figure.n,
                "x": x,
                "y": TOP + plot - height,
                "height": height,
                "centre": x + BAR // 2,
                "value_y": TOP + plot - height - 6,
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bar_width": BAR,
        "axis_y": TOP + plot,
        "axis_x": LEFT,
        "label_y": TOP + plot + 22,
        "bars": bars,
    }


def chart_words(evaluation: Evaluation) -> str:
    parts = []
    for key, label in CHART_BARS:
        figure = evaluation.figures[key]
        shown = SUPPRESSED_TEXT if figure.suppressed else figure.value
        parts.append(f"{label.lower()}: {shown}")
    return "Children on a child protection plan, " + "; ".join(parts) + "."


def _text(value) -> str:
    return "" if value is None else str(value)


def evaluation_csv(evaluation: Evaluation) -> HttpResponse:
    header = [
        "programme",
        "from",
        "to",
        "figure",
        "description",
        "value",
        "unit",
        "n",
        "suppressed",
    ]
    start, end = _text(evaluation.date_from), _text(evaluation.date_to)
    rows = [
        [
            evaluation.programme.name,
            start,
            end,
            key,
            figure.label,
            _text(figure.shown),
            figure.unit,
            figure.n,
            "yes" if figure.suppressed else "no",
        ]
        for key, figure in evaluation.figures.items()
    ]
    name = f"{evaluation.programme.slug}-evaluation-{start or 'start'}-to-{end or 'now'}.csv"
    return csv_response(name, header, rows)


class ProgrammeEvaluationView(LoginRequiredMixin, TemplateView):
    template_name = "programmes/outcomes/evaluation.html"
    portal_access = OBJECT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.programme = programme_for_slug(kwargs["slug"])
        if self.programme is None:
            raise Http404("Not found")
        require_object_permission(
            request.user,
            self.programme,
            "programmes.view_evaluation",
            scope="programmes.view_programme",
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        data = request.GET if ("from" in request.GET or "to" in request.GET) else None
        form = EvaluationFilterForm(data)
        evaluation = None
        if data is None or form.is_valid():
            cleaned = form.cleaned_data if data is not None else {}
            evaluation = programme_evaluation(
                self.programme, date_from=cleaned.get("from"), date_to=cleaned.get("to")
            )
            if request.GET.get("format") == "csv":
                return evaluation_csv(evaluation)
        query = request.GET.copy()
        query["format"] = "csv"
        context = self.get_context_data(
            programme=self.programme,
            form=form,
            evaluation=evaluation,
            figures=list(evaluation.figures.values()) if evaluation else [],
            chart=cp_chart(evaluation) if evaluation else None,
            chart_words=chart_words(evaluation) if evaluation else "",
            still_due=[
                (P(point).label, due, overdue)
                for point, (due, overdue) in evaluation.still_due.items()
            ]
            if evaluation
            else [],
            csv_query=query.urlencode(),
            min_group=MIN_GROUP,
            suppressed_text=SUPPRESSED_TEXT,
        )
        return self.render_to_response(context)


urlpatterns = [
    path(
        "programmes/<slug:slug>/evaluation/",
        ProgrammeEvaluationView.as_view(),
        name="programme_evaluation",
    ),
]
