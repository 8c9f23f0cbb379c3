"""A figure kept between quarters and redrawn in part, for the browser page.

Nearly all the time of a matplotlib redraw goes to text (matplotlib 3.11 renders it glyph by glyph,
1-2 ms a label): tick labels, legends, titles, node names. The lines, areas and bars take a few
milliseconds. So a :class:`LivePanel` renders its *frame* (axes, ticks, titles: all but the data and
the labels) once and keeps it as pixels. Each quarter it draws only its data artists over a copy, then
lays its labels (node names, legends) over them from a cache of their pixels: a label is rendered once
per text and style, wherever it moves. The frame is rendered again whenever its signature (the axes'
ranges and ticks, titles, texts) differs from the one it was rendered with, so no axis is ever stale.
"""

from __future__ import annotations

import io
import math

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image

PNG_COMPRESSION = 1  # zlib level: the page is served locally, so encoding time matters more than bytes
# A chart has few colours: in a 256-colour palette its antialiased edges lose nothing visible, and the
# PNG takes a third of the bytes and half the time to encode (and to send, and to decode).
PALETTE_COLOURS = 256
SPRITE_MARGIN = 2  # pixels kept around a label's box: its antialiased edge


class LivePanel:
    """A figure whose data artists change every quarter over a frame that seldom does.

    Subclasses build ``self.fig`` once, update their artists in place and list them in
    :meth:`data_artists` (drawn every time, over the frame) and :meth:`label_artists` (texts laid over
    the data from their cached pixels; legends are such labels too, and must not depend on the data's
    place, as ``loc="best"`` would). Anything else that changes must show in the frame's signature: an
    axis' range or ticks, a title, a text.
    """

    def __init__(self, fig: Figure):
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)  # the one-shot figure (notebooks, tests) gets it too
        self.frames_rendered = 0  # how often the frame was rendered (the rest are cheap redraws)
        self._signature: tuple | None = None
        self._frame_pixels = None
        self._sprites: dict[tuple, tuple[Image.Image, float, float]] = {}  # label pixels, by content
        self._placing: tuple | None = None  # where the labels were laid out, and over which frame
        self._label_layer: Image.Image | None = None
        self._corners: dict[tuple, tuple[float, float]] = {}  # where each label was laid, see _lay_out
        self._views: tuple | None = None  # the frame and the axes' ranges the corners hold for

    def data_artists(self) -> list[Artist]:
        return []

    def label_artists(self) -> list[Text]:
        return []

    def png(self) -> bytes:
        """The figure as PNG, its frame rendered again only if it changed since the last call."""
        data = self._over_data(self.data_artists())
        legends = self.fig.legends + [ax.get_legend() for ax in self.fig.axes]
        labels = [a for a in [*self.label_artists(), *legends] if a is not None and a.get_visible()]
        signature = self._frame_signature(data + labels)
        if signature != self._signature:
            self._render_frame(data + labels)
            self._signature = signature
        views = (signature, tuple(tuple(ax.viewLim.bounds) for ax in self.fig.axes))
        if views != self._views:  # the axes map data to other pixels: place every label again
            self._corners, self._views = {}, views
        placing = (views, tuple(_placing(a) for a in labels))
        if placing != self._placing:  # a supplier entered, say: lay the labels out again
            self._label_layer = self._lay_out(labels) if labels else None
            self._placing = placing
        self.canvas.restore_region(self._frame_pixels)
        renderer = self.canvas.get_renderer()
        for artist in sorted(data, key=Artist.get_zorder):
            artist.draw(renderer)
        image = _image(self.canvas)
        if self._label_layer is not None:
            image = Image.alpha_composite(image, self._label_layer)
        image = image.convert("RGB").quantize(
            PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        out = io.BytesIO()
        image.save(out, format="png", compress_level=PNG_COMPRESSION)
        return out.getvalue()

    def _over_data(self, data: list[Artist]) -> list[Artist]:
        """The data artists and what matplotlib draws over them: the axes' spines."""
        spines = [s for ax in self.fig.axes for s in ax.spines.values() if s.get_visible()]
        return [a for a in data if a.get_visible()] + spines

    def _render_frame(self, moving: list[Artist]) -> None:
        # A title is placed as the axes are drawn, and a hidden one is misplaced: keep its place.
        places = [(a, a.get_position()) for a in moving if isinstance(a, Text)]
        for artist in moving:
            artist.set_visible(False)
        try:
            self.canvas.draw()
            self._frame_pixels = self.canvas.copy_from_bbox(self.fig.bbox)
        finally:
            for artist in moving:
                artist.set_visible(True)
            for text, place in places:
                text.set_position(place)
        self.frames_rendered += 1

    def _lay_out(self, labels: list[Artist]) -> Image.Image:
        """The labels on a transparent layer, each from its cached pixels (rendered if new)."""
        renderer = self.canvas.get_renderer()
        for label in labels:
            if _sprite_key(label) not in self._sprites:  # alone on a cleared canvas, then cut out
                renderer.clear()
                label.draw(renderer)
                self._sprites[_sprite_key(label)] = self._cut_out(label)
        layer = Image.new("RGBA", self.canvas.get_width_height(), (255, 255, 255, 0))
        corners = {}  # a label's top left corner, by what it is and where it is anchored
        for label in labels:
            place = _placing(label)
            if place not in corners:  # placing a text costs more than laying it: only the moved ones
                box = label.get_window_extent(renderer) if place not in self._corners else None
                corners[place] = (box.x0, box.y1) if box is not None else self._corners[place]
            sprite, dx, dy = self._sprites[place[0]]
            x0, y1 = corners[place]
            _lay(layer, sprite, round(x0 + dx), round(layer.height - y1 + dy))
        self._corners = corners
        return layer

    def _cut_out(self, label: Artist) -> tuple[Image.Image, float, float]:
        """The label's pixels (with its box, if it has one) and their offset from its corner."""
        renderer = self.canvas.get_renderer()
        extent = label.get_window_extent(renderer)
        patch = label.get_bbox_patch() if isinstance(label, Text) else None
        box = extent if patch is None else type(extent).union([extent, patch.get_window_extent(renderer)])
        image = _image(self.canvas)
        left = max(math.floor(box.x0) - SPRITE_MARGIN, 0)
        upper = max(math.floor(image.height - box.y1) - SPRITE_MARGIN, 0)
        right = min(math.ceil(box.x1) + SPRITE_MARGIN, image.width)
        lower = min(math.ceil(image.height - box.y0) + SPRITE_MARGIN, image.height)
        sprite = image.crop((left, upper, right, lower))
        return sprite, left - extent.x0, upper - (image.height - extent.y1)

    def _frame_signature(self, moving: list[Artist]) -> tuple:
        """What the frame shows: every axis' ticks (and range, where it has ticks), titles and texts."""
        skip = {id(a) for a in moving}
        parts: list = [_text(t) for t in self.fig.texts if id(t) not in skip]
        for ax in self.fig.axes:
            texts = (ax.get_title("left"), ax.get_title("right"), ax.get_xlabel(), ax.get_ylabel())
            parts.append((ax.get_visible(), tuple(ax.get_position().bounds), *texts))
            for axis in (ax.xaxis, ax.yaxis):
                locs = tuple(axis.get_majorticklocs())
                formatter = axis.get_major_formatter()
                # Without ticks (nor their grid) nothing in the frame depends on the axis' range.
                interval = tuple(axis.get_view_interval()) if locs else ()
                parts.append((locs, interval, tuple(getattr(formatter, "seq", ()))))
            if id(ax.title) not in skip:
                parts.append(ax.title.get_text())  # not its place: that is set as it is drawn
            parts += [_text(text) for text in ax.texts if id(text) not in skip]
        return tuple(parts)


def _image(canvas: FigureCanvasAgg) -> Image.Image:
    """The canvas' pixels (straight RGBA, as Agg keeps them), without a copy."""
    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)


def _lay(image: Image.Image, sprite: Image.Image, left: int, upper: int) -> None:
    """Blend ``sprite`` over ``image`` with its top left corner at (left, upper), clipped to the image."""
    crop = (max(-left, 0), max(-upper, 0), sprite.width, sprite.height)
    if crop[0] < crop[2] and crop[1] < crop[3]:
        image.alpha_composite(sprite.crop(crop), dest=(max(left, 0), max(upper, 0)))


def _sprite_key(label: Artist) -> tuple:
    """What a label's pixels depend on, besides where it is: its text and style, a legend's entries."""
    if isinstance(label, Legend):
        entries = tuple(t.get_text() for t in label.get_texts())
        return ("legend", entries, tuple(_style(h) for h in label.legend_handles))
    patch = label.get_bbox_patch()
    box = None if patch is None else (str(patch.get_facecolor()), str(patch.get_edgecolor()))
    font = hash(label.get_fontproperties())
    return (label.get_text(), font, str(label.get_color()), label.get_alpha(), label.get_rotation(), box)


def _placing(label: Artist) -> tuple:
    """What a label looks like (its sprite's key first) and where it is anchored (a legend's place
    follows from its entries)."""
    if isinstance(label, Legend):
        return (_sprite_key(label),)
    return (_sprite_key(label), label.get_position(), getattr(label, "xy", None))


def _text(text: Text) -> tuple:
    xy = getattr(text, "xy", None)  # an annotation's point (its position is an offset from it)
    return (text.get_visible(), text.get_text(), text.get_position(), xy, text.get_color())


def _style(handle: Artist) -> tuple:
    """How a legend entry's handle looks: its colours, line style and width, marker."""
    looks = ("get_facecolor", "get_edgecolor", "get_color", "get_linestyle", "get_linewidth", "get_marker")
    return tuple(str(getattr(handle, get)()) for get in looks if hasattr(handle, get))
