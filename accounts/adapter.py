from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from cms.mail import queue_message
from cms.models import EmailDomainPolicy


class AccountAdapter(DefaultAccountAdapter):
    """allauth, for a site whose accounts come only from approved sign-ups."""

    def is_open_for_signup(self, request):
        # The join page is the way in; approval creates the account.
        return False

    def send_mail(self, template_prefix, email, context):
        # Through the task queue like every other mail: an unreachable mail
        # server must not turn a password reset into an error.
        context = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            **context,
        }
        queue_message(self.render_mail(template_prefix, email, context))

    def clean_email(self, email):
        # A member's new address must be personal, as on the join form.
        email = super().clean_email(email)
        if self.request is not None:
            EmailDomainPolicy.for_request(self.request).validate_personal(email)
        return email
