from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from cms.mail import queue_message
from cms.models import EmailDomainPolicy
from cms.paths import absolute_url

# A new member's first password (their account was made without one when
# they were approved) is a welcome, not a security event: allauth's messages
# about it are replaced (None: dropped) and its notice mail is not sent.
FIRST_PASSWORD_MESSAGES = {
    "account/messages/password_changed.txt": "account/messages/first_password.txt",
    "account/messages/password_set.txt": "account/messages/first_password.txt",
    "account/messages/logged_in.txt": None,
}
FIRST_PASSWORD_NOTICES = {"account/email/password_reset", "account/email/password_set"}


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

    def set_password(self, user, password):
        # Noted on the request before it is set: allauth's messages, mail and
        # redirect that follow only see a user with a password.
        if self.request is not None and not user.has_usable_password():
            self.request.first_password_of = user
        super().set_password(user, password)

    def first_password_of(self, request):
        """The user who set their first password in this request, if any."""
        return getattr(request, "first_password_of", None)

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        user = self.first_password_of(request)
        if user is not None and message_template in FIRST_PASSWORD_MESSAGES:
            message_template = FIRST_PASSWORD_MESSAGES[message_template]
            if message_template is None:
                return
            message_context = {"user": user}
        super().add_message(
            request, level, message_template, message_context, extra_tags, message
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        if (
            self.first_password_of(self.request) is not None
            and template_prefix in FIRST_PASSWORD_NOTICES
        ):
            return
        # Every notice greets them and says what to do if it wasn't them.
        context = {
            "user": user,
            "password_reset_url": reverse("account_reset_password"),
            **(context or {}),
        }
        super().send_notification_mail(template_prefix, user, context, email)

    def get_password_change_redirect_url(self, request):
        if self.first_password_of(request) is not None:
            return settings.LOGIN_REDIRECT_URL
        return reverse("members_account")
