"""Create a local editor account for development, once."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from newsmap.roles import EDITORS, sync_roles


class Command(BaseCommand):
    help = (
        "Create a local account 'editor' in the Editors group with a random password (development only) "
        "and print how to log in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the app will be served")

    def handle(self, *args, username: str, url: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_editor is for development (DEBUG=1); in production create users with createsuperuser "
                "and put editors in the Editors or Reviewers group."
            )
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Editor account '{username}' exists. Forgot its password? python manage.py changepassword {username}"
            )
            return
        sync_roles(Group, Permission)
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username=username, email="", password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITORS))
        self.stdout.write(
            self.style.SUCCESS(
                f"Created editor account (group {EDITORS}) — log in at {url.rstrip('/')}/admin/ as "
                f"'{username}' with password: {password}  (shown once; change it with "
                f"'python manage.py changepassword {username}')"
            )
        )
