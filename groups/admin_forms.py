"""Admin forms of the groups app."""

from django.core.exceptions import ValidationError
from wagtail.images.forms import BaseImageForm

from groups.access import private_collections


class PublicCollectionImageForm(BaseImageForm):
    """Images can't go into a working group's private collection: Wagtail
    serves every image rendition as a public file, so the collection's
    privacy would not protect it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("collection")
        if field is not None:
            field.queryset = field.queryset.exclude(pk__in=private_collections())
            field.help_text = (
                "Images are always public: they can't go into a working group's "
                "members-only collection. Put members-only material in a document."
            )

    def clean_collection(self):
        collection = self.cleaned_data.get("collection")
        if (
            collection is not None
            and private_collections().filter(pk=collection.pk).exists()
        ):
            raise ValidationError(
                "Images are always public, so they can't go into a working group's "
                "members-only collection."
            )
        return collection
