"""The staff roles, as Django groups the data migrations create."""

EDITORS = "Editors"
MEMBERSHIP_COORDINATORS = "Membership coordinators"
