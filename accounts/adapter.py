from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from cms.mail import absolute_url, queue_message
from cms.models import EmailDomainPolicy


def on_the_sites_address(url):
    """`url` (a link allauth built from the request's Host) on the site's
    configured address: a Host header is the client's to choose."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


def the_site():
    """What allauth's mails call the site (they'd take the request's Host)."""
    return {
        "name": settings.WAGTAIL_SITE_NAME,
        "domain": urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc,
    }


class AccountAdapter(DefaultAccountAdapter):
    """allauth, for a site whose accounts come only from approved sign-ups."""

    def is_open_for_signup(self, request):
        # The join page is the way in; approval creates the account.
        return False

    def send_mail(self, template_prefix, email, context):
        # Through the task queue like every other mail: an unreachable mail
        # server must not turn a password reset into an error. allauth names
        # every link in a mail's context *_url.
        context = {
            "request": self.request,
            "email": email,
            **context,
            **{
                name: on_the_sites_address(value)
                for name, value in context.items()
                if name.endswith("_url")
            },
            "current_site": the_site(),
        }
        queue_message(self.render_mail(template_prefix, email, context))

    def clean_email(self, email):
        # A member's new address must be personal, as on the join form.
        email = super().clean_email(email)
        if self.request is not None:
            EmailDomainPolicy.for_request(self.request).validate_personal(email)
        return email
