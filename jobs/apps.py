import sys

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        if sys.argv[1:2] == [
            "db_worker"
        ]:  # a worker writes the national document: matplotlib is loaded at start
            from documents.charts import warm

            warm()
