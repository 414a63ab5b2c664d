"""A run's outcomes and the run report (issue 19, requirement 7 and the report of 6).

- `runs/<pk>/outcomes/`: the families who arrived, each taking-part child and the
  parent, with what is recorded before, after and at the follow-up (names: logged).
- `run-places/<pk>/children/<child>/ratings/<point>/` and
  `run-places/<pk>/parent-rating/<point>/`: record (or correct) a rating.
- `programmes/<slug>/run-report/` (`?year=`, `?run=`, `?format=csv`): per run and per
  year, the means, `n`, the share who improved and the support-group paths, every
  figure under 5 suppressed; a chart with the same figures in a table. No names.
What each figure counts is in selectors.run_outcomes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from portal.audit.services import record_accesses
from portal.downloads import csv_response
from portal.permissions import OBJECT, RecordActionMixin, require_object_permission
from portal.views import ServiceFormMixin

from ..eligibility import long
from ..forms.run_outcomes import ChildRatingForm, ParentRatingForm, RunReportFilterForm
from ..models import RatingPoint, RunPlace
from ..selectors import run_outcomes as reads
from ..selectors.evaluation import MIN_GROUP
from ..selectors.programmes import programme_for_slug
from ..services.run_outcomes import RECORD, VIEW, child_rating_record, parent_rating_record

READ_PURPOSE = "Opened a run's outcomes (the families who arrived)"
RATING_PURPOSE = "Opened a family's ratings on a run"
# The chart's geometry (SVG user units): 3 measures, 3 bars each, on the 1 to 5 scale.
WIDTH, HEIGHT, TOP, BOTTOM, LEFT, BAR, GAP, GROUP_GAP = 600, 280, 30, 50, 40, 40, 6, 44
COLOURS = {"before": "#505a5f", "after": "#1d70b8", "follow_up": "#00703c"}


def suppressed_text() -> str:
    return _("fewer than %(n)s") % {"n": MIN_GROUP}


class RunOutcomesView(RecordActionMixin, TemplateView):
    template_name = "programmes/run_outcomes/run_outcomes.html"
    record_name = "run"
    scope_permission = "programmes.view_programme"
    find = staticmethod(reads.run_for_outcomes)

    def get_context_data(self, **kwargs):
        run = self.run
        self.rows = reads.run_outcome_rows(run)
        return super().get_context_data(
            run=run,
            programme=run.programme,
            rows=self.rows,
            points=[(p.value, p.label) for p in reads.POINTS],
            follow_up_due=reads.follow_up_due(run),
            can_record=self.request.user.has_perm(RECORD, run),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        referrals = [row.place.referral for row in self.rows]
        record_accesses(self.request.user, referrals, READ_PURPOSE, path=self.request.path)
        return super().render_to_response(context, **response_kwargs)


class RatingMixin(RecordActionMixin, ServiceFormMixin):
    """A family's rating at one point: 404 outside the programme, 403 for a role that
    may not record, sent back when the family did not arrive."""

    template_name = "programmes/run_outcomes/rating_form.html"
    record_name = "place"
    scope_permission = VIEW
    action_permission = RECORD
    find = staticmethod(reads.place_for_rating)

    def check_object(self, place):
        super().check_object(place.referral)
        return place

    def refuse(self):
        self.point = self.kwargs["point"]
        if self.point not in RatingPoint.values:
            raise Http404("No such point")
        if self.place.status != RunPlace.Status.CONFIRMED:
            messages.error(
                self.request, _("Ratings are recorded only for a family who arrived on the run.")
            )
            return self.back()
        return None

    def back(self):
        return redirect("programmes:run_outcomes", pk=self.place.run_id)

    def get_context_data(self, **kwargs):
        run = self.place.run
        opens = reads.opens_on(run, self.point)
        return super().get_context_data(
            place=self.place,
            run=run,
            point_label=RatingPoint(self.point).label,
            opens_on=opens,
            not_yet=opens is not None and opens > timezone.localdate(),
            first_day=run.starts_on if self.point == RatingPoint.BEFORE else None,
            back_url=reverse("programmes:run_outcomes", args=[run.pk]),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        record_accesses(
            self.request.user, [self.place.referral], RATING_PURPOSE, path=self.request.path
        )
        return super().render_to_response(context, **response_kwargs)

    def performed(self, form, rating):
        messages.success(self.request, self.saved_message())
        return self.back()


class ChildRatingView(RatingMixin, FormView):
    form_class = ChildRatingForm

    def refuse(self):
        refused = super().refuse()
        if refused is not None:
            return refused
        children = {c.pk: c for c in reads.taking_part(self.place)}
        self.child = children.get(self.kwargs["child"])
        if self.child is None:
            raise Http404("This child is not taking part in the run")
        return None

    def get_initial(self):
        rating = self.place.child_ratings.filter(child=self.child, point=self.point).first()
        if rating is None:
            return super().get_initial()
        return {"home": rating.home, "talking": rating.talking, "recorded_on": rating.recorded_on}

    def get_context_data(self, **kwargs):
        heading = _("%(name)s's ratings: %(point)s") % {
            "name": self.child.name,
            "point": RatingPoint(self.point).label,
        }
        return super().get_context_data(heading=heading, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return child_rating_record(
            place=self.place,
            child=self.child,
            point=self.point,
            home=data.get("home"),
            talking=data.get("talking"),
            recorded_on=data.get("recorded_on"),
            by=self.request.user,
        )

    def saved_message(self):
        return _("%(name)s's ratings are saved.") % {"name": self.child.name}


class ParentRatingView(RatingMixin, FormView):
    form_class = ParentRatingForm

    def get_initial(self):
        rating = self.place.parent_ratings.filter(point=self.point).first()
        if rating is None:
            return super().get_initial()
        return {"relationship": rating.relationship, "recorded_on": rating.recorded_on}

    def get_context_data(self, **kwargs):
        heading = _("%(name)s's rating: %(point)s") % {
            "name": self.place.referral.parent_name,
            "point": RatingPoint(self.point).label,
        }
        return super().get_context_data(heading=heading, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return parent_rating_record(
            place=self.place,
            point=self.point,
            relationship=data.get("relationship"),
            recorded_on=data.get("recorded_on"),
            by=self.request.user,
        )

    def saved_message(self):
        return _("The parent's rating is saved.")


# --- the report ----------------------------------------------------------------------------


def group_title(group) -> str:
    if group.key.startswith("run-"):
        return _("Run from %(day)s") % {"day": long(group.label)}
    return str(group.label)


def short_label(key: str) -> str:
    return {
        "home": _("Home (child)"),
        "talking": _("Talking (child)"),
        "relationship": _("Relationship (parent)"),
    }[key]


def chart(group) -> dict:
    """Bars of the means before, after and at the follow-up for each measure (1 to 5);
    a suppressed figure has no bar, only a mark the note under the chart explains."""
    plot = HEIGHT - TOP - BOTTOM
    measures, words = [], []
    for index, measure in enumerate(group.measures):
        left = LEFT + GROUP_GAP // 2 + index * (3 * BAR + 2 * GAP + GROUP_GAP)
        bars = []
        for n, point in enumerate(("before", "after", "follow_up")):
            figure = measure[point]
            value = figure.shown
            height = round(plot * (value or 0) / 5)
            x = left + n * (BAR + GAP)
            bars.append(
                {
                    "x": x,
                    "y": TOP + plot - height,
                    "height": height,
                    "centre": x + BAR // 2,
                    "value": value,
                    "value_y": TOP + plot - height - 6,
                    "colour": COLOURS[point],
                }
            )
            words.append(
                f"{measure['label']}, {RatingPoint(point).label.lower()}: "
                f"{suppressed_text() if value is None else number_format(value, 1)}"
            )
        measures.append(
            {
                "label": measure["label"],
                "short": short_label(measure["key"]),
                "centre": left + (3 * BAR + 2 * GAP) // 2,
                "bars": bars,
            }
        )
    legend = [
        {"label": RatingPoint(point).label, "colour": colour, "x": LEFT + i * 170}
        for i, (point, colour) in enumerate(COLOURS.items())
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bar_width": BAR,
        "axis_y": TOP + plot,
        "axis_x": LEFT,
        "label_y": TOP + plot + 20,
        "legend_y": 14,
        "ticks": [{"value": v, "y": TOP + plot - round(plot * v / 5)} for v in range(1, 6)],
        "measures": measures,
        "legend": legend,
        "words": _("Mean ratings, %(group)s: %(figures)s.")
        % {"group": group_title(group), "figures": "; ".join(words)},
    }


FIGURES = ("before", "after", "improved", "follow_up", "improved_follow_up")


def _figure_name(key: str) -> str:
    return {
        "before": _("mean before"),
        "after": _("mean after"),
        "improved": _("share improved after, per cent"),
        "follow_up": _("mean at 3 months"),
        "improved_follow_up": _("share improved at 3 months, per cent"),
    }[key]


def report_csv(programme, report) -> HttpResponse:
    header = [
        _("group"),
        _("run or year"),
        _("what"),
        _("figure"),
        _("value"),
        "n",
        _("suppressed"),
    ]
    yes, no = _("yes"), _("no")
    rows = []
    for kind, groups in ((_("run"), report.runs), (_("year"), report.years)):
        for group in groups:
            which = group.label.isoformat() if hasattr(group.label, "isoformat") else group.label
            for measure in group.measures:
                for key in FIGURES:
                    figure = measure[key]
                    shown = "" if figure.shown is None else figure.shown
                    row = [kind, which, measure["label"], _figure_name(key), shown, figure.n]
                    rows.append([*row, yes if figure.suppressed else no])
            for figure in group.paths:
                shown = "" if figure.shown is None else figure.shown
                row = [kind, which, _("support-group path"), figure.label, shown, figure.n]
                rows.append([*row, yes if figure.suppressed else no])
    return csv_response(f"{programme.slug}-run-report.csv", header, rows)


class RunReportView(LoginRequiredMixin, TemplateView):
    template_name = "programmes/run_outcomes/run_report.html"
    portal_access = OBJECT

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.programme = programme_for_slug(kwargs["slug"])
        if self.programme is None or not self.programme.runs_in_runs:
            raise Http404("Not found")
        require_object_permission(
            request.user,
            self.programme,
            "programmes.view_evaluation",
            scope="programmes.view_programme",
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        runs = reads.started_runs(self.programme)
        filtering = "year" in request.GET or "run" in request.GET
        form = RunReportFilterForm(request.GET if filtering else None, runs=runs)
        report = None
        if not filtering or form.is_valid():
            cleaned = form.cleaned_data if filtering else {}
            report = reads.run_report(
                self.programme,
                year=cleaned.get("year"),
                run=form.chosen_run() if filtering else None,
                runs=runs,
            )
            if request.GET.get("format") == "csv":
                return report_csv(self.programme, report)
        query = request.GET.copy()
        query["format"] = "csv"
        groups = [*report.years, *report.runs] if report else []
        context = self.get_context_data(
            programme=self.programme,
            form=form,
            report=report,
            sections=[
                (_("Per year"), [(g, group_title(g), chart(g)) for g in report.years]),
                (_("Per run"), [(g, group_title(g), chart(g)) for g in report.runs]),
            ]
            if report
            else [],
            any_groups=bool(groups),
            csv_query=query.urlencode(),
            min_group=MIN_GROUP,
            suppressed_text=suppressed_text(),
        )
        return self.render_to_response(context)


urlpatterns = [
    path("runs/<int:pk>/outcomes/", RunOutcomesView.as_view(), name="run_outcomes"),
    path(
        "run-places/<int:pk>/children/<int:child>/ratings/<slug:point>/",
        ChildRatingView.as_view(),
        name="run_child_rating",
    ),
    path(
        "run-places/<int:pk>/parent-rating/<slug:point>/",
        ParentRatingView.as_view(),
        name="run_parent_rating",
    ),
    path("programmes/<slug:slug>/run-report/", RunReportView.as_view(), name="run_report"),
]
