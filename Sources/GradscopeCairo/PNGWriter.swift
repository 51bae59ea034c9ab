import CCairo
import GradscopeCharts

/// Renders a display list to PNG bytes at `scale` pixels per point (2 for high-density screens).
/// Cairo's PNG writer adds no timestamp, so equal lists give equal bytes.
enum PNGWriter {
    static func png(_ list: DisplayList, scale: Double) throws -> [UInt8] {
        let surface = try imageSurface(list, scale: scale)
        defer { cairo_surface_destroy(surface) }
        var status = CAIRO_STATUS_SUCCESS
        let bytes = StreamSink.collect { context in
            status = cairo_surface_write_to_png_stream(surface, StreamSink.write, context)
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError(status) }
        return bytes
    }

    /// An ARGB32 image surface of `round(width × scale) × round(height × scale)` pixels holding the
    /// drawn list. The caller destroys it.
    static func imageSurface(_ list: DisplayList, scale: Double) throws -> OpaquePointer {
        let width = Int32((list.width * scale).rounded()), height = Int32((list.height * scale).rounded())
        guard width > 0, height > 0, let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height) else {
            throw CairoError.invalidSize(width: list.width, height: list.height)
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw CairoError(status)
        }
        var canvas = CairoCanvas(surface: surface, scale: scale)
        list.replay(into: &canvas)
        cairo_surface_flush(surface)
        return surface
    }
}
