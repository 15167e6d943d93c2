import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from documents import charts  # noqa: E402 - once the settings are loaded

# Every view is imported now, not on a first request, and what a web process holds from its start (modules, URL
# patterns, models) is set apart from the garbage collector: each collection of the oldest generation walked those
# hundreds of thousands of objects again, about 3 ms a request in all (measured on the bench's pages). The first
# generation is collected every 20,000 allocations instead of 700: a page allocates tens of thousands.
get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view
# matplotlib is loaded and a chart drawn now, so the first Word document a worker writes does not wait a second for it
charts.warm()
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 50, 100)
