"""Admin forms of the groups app."""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from groups.access import private_collections, private_collections_parent

IMAGES_ARE_PUBLIC = (
    "Images are always public, so they can't go into a working group's "
    "members-only collection."
)
NOT_IN_PARENT = (
    "Put a members-only document in its working group's collection (or in Public): "
    "the members-only folder itself belongs to no group."
)


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


class GroupDocumentForm(BaseDocumentForm):
    """A document goes into a working group's collection or a public one,
    never into the folder that holds the groups' collections."""

    def clean_collection(self):
        collection = self.cleaned_data.get("collection")
        if collection is not None and collection.pk == private_collections_parent().pk:
            raise ValidationError(NOT_IN_PARENT)
        return collection
