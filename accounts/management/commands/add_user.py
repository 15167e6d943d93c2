from datetime import date

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import user_create
from agencies.models import Agency
from lib.errors import DomainError
from units.selectors import UnitNotFound, unit_resolve


class Command(BaseCommand):
    help = (
        "Create an account with a role in a unit (VN for the ministry, a 2-digit province code, a 5-digit commune "
        "code) and, for a department officer, the agency kind (for example y_te). Prints nothing else; the user "
        "sets a password through the reset link sent to EMAIL."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", required=True, help="unit code in force today")
        parser.add_argument("--agency", default="", help="agency kind code, for a department officer")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="full name")

    def handle(self, *args, username, role, unit, agency, email, name, **options):
        try:
            unit_row = unit_resolve(code=unit, on=date.today())
        except UnitNotFound as exc:
            raise CommandError(
                f"Không có đơn vị hành chính mã {unit!r} đang có hiệu lực (unknown unit)"
            ) from exc
        agency_row = None
        if agency:
            agency_row = Agency.objects.filter(province=unit_row, kind__code=agency).first()
            if agency_row is None:
                raise CommandError(f"Tỉnh {unit} không có cơ quan loại {agency!r} (unknown agency)")
        try:
            user = user_create(
                username=username,
                password=None,
                full_name=name,
                email=email,
                role=role,
                unit=unit_row,
                agency=agency_row,
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{user.username}: {user.get_role_display()} · {unit_row.name}")
