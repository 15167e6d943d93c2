from accounts.models import User
from jobs.models import Job


def recent_jobs(user: User, kind: str, limit: int = 5) -> list[Job]:
    """The person's latest jobs of a kind (their own only: ``access.can_view_job``), without the stored files."""
    return list(Job.objects.filter(created_by=user, kind=kind).defer("payload", "output", "result")[:limit])
