from django.core.management.base import BaseCommand

from agencies.services import agencies_load_reference
from communication.services import key_dates_load_reference
from indicators.services import framework_load_reference
from units.services import units_load_reference


class Command(BaseCommand):
    help = (
        "Load the reference data the project owns: administrative units (nation, 63 former and 34 current "
        "provinces, 3,321 communes, dated names and region tags), default agencies, and the national indicator "
        "framework. Idempotent: existing rows and edits made in the application are kept."
    )

    def handle(self, *args, **options):
        units = units_load_reference()
        agencies = agencies_load_reference()
        framework = framework_load_reference()
        self.stdout.write(
            f"units +{units['units']} names +{units['names']} region tags +{units['region_tags']}; "
            f"agencies +{agencies}; indicators +{framework['indicators']} targets +{framework['targets']}"
        )
        self.stdout.write(f"communication key dates +{key_dates_load_reference()}")
