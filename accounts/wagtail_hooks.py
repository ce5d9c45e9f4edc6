from wagtail import hooks


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action(
        "accounts.account.delete", "Delete own account", "Deleted their account"
    )
