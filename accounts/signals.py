"""Signals of the people app, for the apps built on it."""

from django.dispatch import Signal

# Sent with `user` inside the transaction that deletes a person's account,
# before it goes: a receiver blanks what its app holds about them and returns
# counts of what it forgot (for the audit log), e.g. {"requests": 2}.
account_deleting = Signal()
