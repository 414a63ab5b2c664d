from celery import shared_task


@shared_task
def render_book(render_id: int) -> str | None:
    """Make one printed Life Story Book (services.renders.render_run)."""
    from .services.renders import render_run

    render = render_run(render_id)
    return render.status if render else None
