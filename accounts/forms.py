from allauth.account import forms as allauth_forms
from allauth.account.utils import get_next_redirect_url
from django import forms

from accounts.models import User
from cms.paths import ADMIN
from cms.validators import no_control_characters

# allauth's field labels in the site's words; its placeholders repeat the
# labels (and say "Email"), so they go.
SITE_LABELS = {
    "login": "E-mail address",
    "email": "E-mail address",
    "password": "Password",
    "oldpassword": "Current password",
    "password1": "New password",
    "password2": "New password (again)",
    "remember": "Keep me logged in on this computer",
}


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


class InTheSitesWords:
    """Mixed into an allauth form: its fields labelled as the site says it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = SITE_LABELS.get(name, field.label)
            field.widget.attrs.pop("placeholder", None)
            if name == "password":
                field.help_text = ""  # the pages link to "forgot password"


class LoginForm(InTheSitesWords, allauth_forms.LoginForm):
    def leads_to_admin(self):
        """Whether this log-in goes on into the admin: staff logging in."""
        return (get_next_redirect_url(self.request) or "").startswith(ADMIN)


class RequestLoginCodeForm(InTheSitesWords, allauth_forms.RequestLoginCodeForm):
    pass


class ResetPasswordForm(InTheSitesWords, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(InTheSitesWords, allauth_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(InTheSitesWords, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(InTheSitesWords, allauth_forms.SetPasswordForm):
    pass


class AddEmailForm(InTheSitesWords, allauth_forms.AddEmailForm):
    pass


class ReauthenticateForm(InTheSitesWords, allauth_forms.ReauthenticateForm):
    pass
