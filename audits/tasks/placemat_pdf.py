"""The placemat PDF task."""

from celery import shared_task

RETRY_FOR = (OSError, TimeoutError)


@shared_task(
    name="audits.tasks.task_render_placemat",
    bind=True,
    autoretry_for=RETRY_FOR,
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def task_render_placemat(self, placemat_id: int) -> str | None:
    """Render the placemat PDF if it changed since the last render (it mails nobody: publishing does).

    A failure that ends the task (the soft time limit, an error once the retries are spent) is stored on the
    PDF row (toptechniek.common.stored_pdf), so the pages say so instead of "being prepared" for ever."""
    from toptechniek.common.stored_pdf import stored_pdf_task_guard

    from ..services.placemat_pdf import placemat_pdf_fail, placemat_pdf_render

    def fail(failure: str) -> None:
        placemat_pdf_fail(placemat_id=placemat_id, failure=failure)

    with stored_pdf_task_guard(task=self, fail=fail, retry_for=RETRY_FOR):
        return placemat_pdf_render(placemat_id=placemat_id)
