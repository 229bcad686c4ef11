"""What the renderer (samordning.pdf) changes in a document's content before
WeasyPrint lays it out, so the result can be PDF/A-3a and PDF/UA-1 at all.
Kept apart from the renderer because it is about the content, not about
WeasyPrint: both are plain functions of bytes or text, tested on their own
in tests/test_pdf_lager.py.

- archivable_image: an uploaded image (the förbund's logo) that PDF/A
  cannot hold as it is (CMYK, 16-bit grey, …) becomes an 8-bit sRGB PNG.
  The renderer's URL fetcher calls it for every file outside static/.
- without_glyphs: characters no font has (most emoji) are written as their
  Unicode name, "[rocket]", instead of an empty box from a missing glyph:
  PDF/A and PDF/UA forbid .notdef. The renderer calls it when a render
  reports such characters, and lays the document out once more. Which
  characters that is depends on the fonts installed besides static/fonts/
  (Debian: DejaVu).
"""

import io
import unicodedata

# Image modes WeasyPrint embeds as DeviceRGB or DeviceGray (1 and P through
# RGB), which PDF/A allows with our sRGB output intent. Anything else is
# converted: WeasyPrint would write a CMYK JPEG as DeviceCMYK, which PDF/A
# forbids without a CMYK output intent, and paint a 16-bit grey PNG black.
PDFA_MODES = {"RGB", "RGBA", "L", "LA", "1", "P"}
MAX_IMAGE_SIDE = 2000  # px; a logo is a few cm wide, a photo of 8000 px would bloat every PDF


def archivable_image(data):
    """An uploaded image's bytes as WeasyPrint can put them in a PDF/A with
    an sRGB output intent: as they are when they can, else an 8-bit sRGB
    PNG (and no larger than MAX_IMAGE_SIDE). Bytes Pillow cannot read are
    returned as they are (WeasyPrint then leaves the image out)."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        if (
            image.mode in PDFA_MODES
            and image.format in ("PNG", "JPEG", "GIF")
            and max(image.size) <= MAX_IMAGE_SIDE
        ):
            return data
        image.load()
    except Exception:  # Pillow raises many kinds; WeasyPrint then reports the image
        return data
    image = _srgb(ImageOps.exif_transpose(image))  # the PNG has no EXIF: turn it now
    if max(image.size) > MAX_IMAGE_SIDE:
        image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _srgb(image):
    from PIL import ImageCms

    if image.mode == "CMYK":
        profile = image.info.get("icc_profile")
        if profile:  # the file's own CMYK profile to sRGB, as a viewer shows it
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
                return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
            except (ImageCms.PyCMSError, OSError):
                pass
        return image.convert("RGB")  # Pillow's naive conversion (Adobe's inverted CMYK already undone)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey: scale, not clip, to 8 bits
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode in PDFA_MODES:
        return image
    alpha = "A" in image.mode or "a" in image.mode or "transparency" in image.info
    return image.convert("RGBA" if alpha else "RGB")


# Emoji skin tones and variation selectors: dropped, not named, when no
# font has them (the emoji they modify is named).
_DROP = {*range(0x1F3FB, 0x1F400), *range(0xFE00, 0xFE10)}


def without_glyphs(html, codepoints):
    """`html` with each character no font can draw written as its Unicode
    name in brackets ("🚀" → "[rocket]"; invisible controls dropped).
    WeasyPrint would draw such a character as an empty box from a glyph the
    embedded font does not have, which PDF/A and PDF/UA forbid (.notdef): a
    document someone typed an emoji into still says what it was. Our
    templates' markup is ASCII and whitespace, so only text changes."""
    return html.translate({cp: _instead(cp) for cp in codepoints})


def _instead(codepoint):
    category = unicodedata.category(chr(codepoint))
    if codepoint in _DROP or category in ("Cc", "Cf"):  # invisible anyway
        return ""
    if category in ("Zl", "Zp"):  # line and paragraph separators
        return " "
    name = unicodedata.name(chr(codepoint), "")
    return f"[{name.lower()}]" if name else f"[U+{codepoint:04X}]"
