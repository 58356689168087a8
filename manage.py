#!/usr/bin/env python
"""Django's command-line utility for NewsMap."""

import os
import sys

# Commands that read article files and print figures: no database, no web, no secrets.
OFFLINE_COMMANDS = {"extract", "evaluate"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsmap.settings")
    if sys.argv[1:2] and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("NEWSMAP_OFFLINE", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
