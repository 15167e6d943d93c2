from accounts.models import Role, User
from datavalues.selectors import worklist


def test_a_role_with_no_unit_to_work_in_is_expected_nothing(persona):
    """An account whose unit was taken away outside the services (the admin, the shell) still has its role: its
    worklist is empty rather than a failure on the missing province."""
    unplaced = User.objects.create_user("unplaced", "unplaced@example.invalid", "pw", role=Role.FOCAL_OFFICER)
    assert worklist(unplaced, 2026) == []
    assert worklist(persona("focal"), 2026)  # the same role in a province is expected its parts
