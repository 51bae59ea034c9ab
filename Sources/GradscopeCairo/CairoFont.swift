import CCairo
import GradscopeCharts

/// The one font family every figure uses, set explicitly so output does not depend on fontconfig's
/// default; installed from `fonts-dejavu-core`.
let fontFamily = "DejaVu Sans"

/// Selects `font` on `cr` with unhinted metrics and grayscale antialiasing, so measured extents are
/// the same on every surface and scale, and glyph rendering does not depend on the host's settings.
func selectFont(_ font: Font, on cr: OpaquePointer) {
    cairo_select_font_face(
        cr, fontFamily, CAIRO_FONT_SLANT_NORMAL,
        font.weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
    cairo_set_font_size(cr, font.size)
    let options = cairo_font_options_create()
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
    cairo_set_font_options(cr, options)
    cairo_font_options_destroy(options)
}
