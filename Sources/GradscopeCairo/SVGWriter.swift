import CCairo
import GradscopeCharts

/// Renders a display list to SVG bytes through Cairo's SVG surface (size in points, SVG 1.1).
/// Cairo numbers glyph and clip ids per document, but names surfaces (`id="surface418"`) from a
/// process-wide counter; those names are renumbered in order of appearance so equal lists give
/// equal bytes.
enum SVGWriter {
    static func svg(_ list: DisplayList) throws -> [UInt8] {
        guard list.width > 0, list.height > 0, list.width.isFinite, list.height.isFinite else {
            throw CairoError.invalidSize(width: list.width, height: list.height)
        }
        var status = CAIRO_STATUS_SUCCESS
        let bytes = StreamSink.collect { context in
            guard let surface = cairo_svg_surface_create_for_stream(StreamSink.write, context, list.width, list.height) else {
                status = CAIRO_STATUS_NO_MEMORY
                return
            }
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            do {
                var canvas = CairoCanvas(surface: surface, scale: 1)
                list.replay(into: &canvas)
            }
            cairo_surface_finish(surface)
            status = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
        }
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError(status) }
        return renumberingSurfaces(bytes)
    }

    /// Replaces every `surface<digits>` by `surface<k>`, k counting distinct names from 1 in order
    /// of first appearance.
    static func renumberingSurfaces(_ bytes: [UInt8]) -> [UInt8] {
        let prefix = Array("surface".utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var names: [ArraySlice<UInt8>: Int] = [:]
        var i = 0
        while i < bytes.count {
            if bytes[i] == prefix[0], i + prefix.count < bytes.count, bytes[i..<i + prefix.count].elementsEqual(prefix),
                isDigit(bytes[i + prefix.count])
            {
                var end = i + prefix.count
                while end < bytes.count && isDigit(bytes[end]) { end += 1 }
                let digits = bytes[(i + prefix.count)..<end]
                let number = names[digits] ?? (names.count + 1)
                names[digits] = number
                output += prefix
                output += Array(String(number).utf8)
                i = end
            } else {
                output.append(bytes[i])
                i += 1
            }
        }
        return output
    }
}
