from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.utils import get_next_redirect_url
from django import forms

from accounts.models import User
from cms.paths import ADMIN
from cms.validators import no_control_characters


class NameForm(forms.ModelForm):
    """A member's name, as staff and e-mails show it."""

    class Meta:
        model = User
        fields = ["first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        for field in self.fields.values():
            field.required = True
            field.validators.append(no_control_characters)


class LoginForm(AllauthLoginForm):
    """allauth's login form, in the site's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        self.fields["password"].help_text = ""  # the page links to "forgot password"
        self.fields["remember"].label = "Keep me logged in on this computer"

    def leads_to_admin(self):
        """Whether this log-in goes on into the admin: staff logging in."""
        return (get_next_redirect_url(self.request) or "").startswith(ADMIN)
