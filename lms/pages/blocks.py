"""The blocks editors compose page bodies from."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("What the image shows, for people who cannot see it. Empty: decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "pages/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        template = "pages/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), required=False)

    class Meta:
        icon = "openquote"
        template = "pages/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        icon="title",
        form_classname="title",
        template="pages/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(label=_("Text"), icon="pilcrow")
    image = ImageBlock(label=_("Image"))
    document = DocumentBlock(label=_("Document"))
    embed = EmbedBlock(label=_("Video or other embed"), icon="media")
    quote = QuoteBlock(label=_("Quote"))
