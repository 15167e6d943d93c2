#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Management commands default to development; the WSGI entry point (production) does not.
    # Set DEBUG=0 and SECRET_KEY to run a command against production settings (e.g. check --deploy).
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
