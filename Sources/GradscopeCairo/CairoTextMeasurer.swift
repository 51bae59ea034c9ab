import CCairo
import GradscopeCharts

/// Measures text with Cairo and DejaVu Sans, exactly as `CairoCanvas` will draw it (same font
/// selection and options). Cap height is the ink height of "H". Safe to use from one thread at a time
/// per instance; each instance owns a tiny image surface.
public final class CairoTextMeasurer: TextMeasurer {
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    public init() {
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    public func measure(_ string: String, font: Font) -> TextExtents {
        selectFont(font, on: cr)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(cr, &fontExtents)
        var text = cairo_text_extents_t()
        cairo_text_extents(cr, string, &text)
        var cap = cairo_text_extents_t()
        cairo_text_extents(cr, "H", &cap)
        return TextExtents(
            width: text.x_advance, ascent: fontExtents.ascent, descent: fontExtents.descent,
            capHeight: -cap.y_bearing)
    }
}
