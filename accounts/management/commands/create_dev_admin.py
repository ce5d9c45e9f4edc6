import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.members import mark_verified
from accounts.models import User
from cms.paths import ADMIN, absolute_url

DEV_ADMIN_EMAIL = "admin@example.com"
RULE = "─" * 64


def mail_destination():
    """Where the site's e-mail goes, in a few words (EMAIL_URL)."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "console":
        return "printed in this console (by the task worker)"
    if backend == "smtp":
        return f"sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if backend == "filebased":
        return f"written to files in {settings.EMAIL_FILE_PATH}"
    return f"handed to {settings.EMAIL_BACKEND}"


class Command(BaseCommand):
    help = (
        "Create a superuser for local development, once, and print where the "
        "site runs, its login and where mail goes: `make run`'s banner. "
        "Refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_dev_admin is for development (DEBUG=true) only.")
        if User.objects.filter(email__iexact=DEV_ADMIN_EMAIL).exists():
            login = (
                f"{DEV_ADMIN_EMAIL} (password shown when it was made; a new one: "
                f"python manage.py changepassword {DEV_ADMIN_EMAIL})"
            )
        else:
            password = secrets.token_urlsafe(12)
            admin = User.objects.create_superuser(
                DEV_ADMIN_EMAIL, password, first_name="Admin"
            )
            mark_verified(admin)
            login = f"{DEV_ADMIN_EMAIL}, password {password}  (shown this once)"
        self.stdout.write(
            "\n".join(
                [
                    RULE,
                    self.style.SUCCESS(f"  The site:  {absolute_url('/')}"),
                    f"  Admin:     {absolute_url(ADMIN)}",
                    f"  Log in as: {login}",
                    f"  E-mail:    {mail_destination()}",
                    "  Stop with Ctrl-C; the set-up steps in full: make run VERBOSITY=1",
                    RULE,
                ]
            )
        )
