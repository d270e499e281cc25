"""The placemat PDF task."""

from celery import shared_task


@shared_task(
    name="audits.tasks.task_render_placemat",
    bind=True,
    autoretry_for=(OSError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def task_render_placemat(self, placemat_id: int) -> str | None:
    """Render the placemat PDF if it changed since the last render (it mails nobody: publishing does)."""
    from ..services.placemat_pdf import placemat_pdf_render

    return placemat_pdf_render(placemat_id=placemat_id)
