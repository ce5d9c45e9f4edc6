"""The groups' fields in the pages API."""

from rest_framework import serializers

from cms.paths import absolute_url


class PrincipleTextsField(serializers.Field):
    """A group's principles as a list of strings, in the editor's order."""

    openapi_schema = {"type": "array", "items": {"type": "string"}}

    def to_representation(self, principles):
        return [principle.text for principle in principles.all()]


class AbsoluteURLField(serializers.Field):
    """A link on the site (a page's join link) as an absolute URL on its
    public address, as html_url is: a partner site uses it as it is."""

    openapi_schema = {"type": "string", "format": "uri"}

    def to_representation(self, path):
        return absolute_url(path)
