import CCairo
import GradscopeCharts

/// Replays display-list commands into a Cairo context. Owns a reference to the context for its
/// lifetime; clips nest with `cairo_save`/`cairo_restore`.
final class CairoCanvas: Canvas {
    private let cr: OpaquePointer

    /// Draws on `surface`, scaling figure points by `scale` (2 for PNG at double density).
    init(surface: OpaquePointer, scale: Double) {
        cr = cairo_create(surface)
        cairo_scale(cr, scale, scale)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
    }

    deinit {
        cairo_destroy(cr)
    }

    private func setColor(_ color: Color) {
        cairo_set_source_rgba(cr, color.red, color.green, color.blue, color.alpha)
    }

    private func addPath(_ path: Path) {
        cairo_new_path(cr)
        for element in path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .close: cairo_close_path(cr)
            case .circle(let center, let radius):
                cairo_new_sub_path(cr)
                cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
                cairo_close_path(cr)
            }
        }
    }

    func clear(_ color: Color) {
        cairo_save(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        setColor(color)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    func stroke(_ path: Path, style: StrokeStyle) {
        addPath(path)
        setColor(style.color)
        cairo_set_line_width(cr, style.width)
        cairo_set_dash(cr, style.dash, Int32(style.dash.count), 0)
        cairo_stroke(cr)
    }

    func fill(_ path: Path, color: Color) {
        addPath(path)
        setColor(color)
        cairo_fill(cr)
    }

    func drawText(_ item: TextItem) {
        cairo_save(cr)
        selectFont(item.font, on: cr)
        setColor(item.color)
        cairo_translate(cr, item.origin.x, item.origin.y)
        cairo_rotate(cr, item.rotation)
        cairo_move_to(cr, 0, 0)
        cairo_show_text(cr, item.string)
        cairo_new_path(cr)
        cairo_restore(cr)
    }

    func pushClip(_ rect: Rect) {
        cairo_save(cr)
        cairo_new_path(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    func popClip() {
        cairo_restore(cr)
    }
}
