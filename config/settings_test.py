"""The test suite's overlay on the one settings module: fast hashing, mail kept in memory, no manifest."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("STATIC_MANIFEST", "0")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
WHITENOISE_USE_FINDERS = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
SECURE_SSL_REDIRECT = (
    False  # the test client speaks plain HTTP; test_deploy_settings checks production's values
)
SECURE_HSTS_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # emptied before each test
API_RATE_AUTH = "40/m"  # low enough for tests/api/test_rate_limit.py to reach

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the tests that run a worker in a thread beside requests need SQLite's real locking
    # (WAL, IMMEDIATE transactions, the busy timeout), which a shared in-memory database does not have.
    (BASE_DIR / "test-artifacts").mkdir(exist_ok=True)  # noqa: F405 - not in a fresh clone
    # TEST_SQLITE_NAME lets two runs share a work tree without sharing a database.
    name = os.environ.get("TEST_SQLITE_NAME", "test-db.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-artifacts" / name)}  # noqa: F405
