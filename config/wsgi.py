import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Every view is imported now, not on a first request, and what a web process holds from its start (modules, URL
# patterns, models) is set apart from the garbage collector: each collection of the oldest generation walked those
# hundreds of thousands of objects again, about 3 ms a request in all (measured on the bench's pages). The first
# generation is collected every 20,000 allocations instead of 700: a page allocates tens of thousands.
get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 50, 100)
