import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.members import mark_verified
from accounts.models import User

DEV_ADMIN_EMAIL = "admin@example.com"


class Command(BaseCommand):
    help = (
        "Create a superuser for local development, once, and print its login. "
        "Refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_dev_admin is for development (DEBUG=true) only.")
        if User.objects.filter(email__iexact=DEV_ADMIN_EMAIL).exists():
            return
        password = secrets.token_urlsafe(12)
        admin = User.objects.create_superuser(
            DEV_ADMIN_EMAIL, password, first_name="Admin"
        )
        mark_verified(admin)
        self.stdout.write(
            self.style.SUCCESS(
                f"Development admin created: {DEV_ADMIN_EMAIL} / {password}\n"
                "This is shown once; to change it: "
                f"manage.py changepassword {DEV_ADMIN_EMAIL}"
            )
        )
