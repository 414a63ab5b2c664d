from celery import shared_task


@shared_task
def remind_outcome_checks() -> int:
    """Daily: care co-ordinators hear once of outcome checks due within a week or overdue."""
    from .services.outcomes import outcome_checks_remind

    return outcome_checks_remind()
