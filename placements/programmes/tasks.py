from celery import shared_task


@shared_task
def render_programme_report(report_id: int) -> str | None:
    """Make one programme report's PDF (services.reports.report_render_run)."""
    from .services.reports import report_render_run

    report = report_render_run(report_id)
    return report.status if report else None
