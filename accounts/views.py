"""My account (name, deleting it), and the doors that lead to allauth's login."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.forms import NameForm
from accounts.members import delete_account


def to_account_login(request, default_next="/"):
    """Wagtail's own login pages send people to allauth's, whatever they
    post: every login goes through allauth's controls."""
    next_url = request.GET.get("next", default_next)
    if not url_has_allowed_host_and_scheme(
        next_url, request.get_host(), request.is_secure()
    ):
        next_url = default_next
    return redirect_to_login(next_url)


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    """My account: name here; e-mail, password and two-factor in allauth."""
    form = NameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your name is saved.")
        return redirect("members_account")
    return TemplateResponse(request, "accounts/account.html", {"form": form})


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request):
    if request.method == "POST":
        delete_account(request.user)
        logout(request)
        messages.success(request, "Your account and your personal details are deleted.")
        return redirect("/")
    return TemplateResponse(request, "accounts/delete_account.html", {})
