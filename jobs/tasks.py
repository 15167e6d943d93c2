"""The one task the worker runs: a ``Job`` by its id (``jobs.services.run``). Kept apart so that importing the
services does not register tasks."""

from django_tasks import task


@task()
def run_job(job_id: str) -> str:
    from jobs.services import run

    return run(job_id)
