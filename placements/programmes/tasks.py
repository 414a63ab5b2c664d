"""Programmes' Celery tasks: thin, each calls a service."""

from celery import shared_task


@shared_task
def remind_outcome_checks() -> int:
    """Daily: care co-ordinators hear once of outcome checks due within a week or overdue."""
    from .services.outcomes import outcome_checks_remind

    return outcome_checks_remind()


@shared_task
def remind_leader_certificates() -> int:
    """Daily: co-ordinators (and the leader) hear once at 90 and once at 30 days before a
    leader's certificate expires."""
    from .services.leaders import leader_certificates_remind

    return leader_certificates_remind()


@shared_task
def render_programme_report(report_id: int) -> str | None:
    """Make one programme report's PDF (services.reports.report_render_run)."""
    from .services.reports import report_render_run

    report = report_render_run(report_id)
    return report.status if report else None
