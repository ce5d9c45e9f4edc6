"""The groups' fields in the pages API."""

from rest_framework import serializers


class PrincipleTextsField(serializers.Field):
    """A group's principles as a list of strings, in the editor's order."""

    def to_representation(self, principles):
        return [principle.text for principle in principles.all()]
