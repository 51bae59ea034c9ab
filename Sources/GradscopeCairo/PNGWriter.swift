import CCairo
import GradscopeCharts

/// Renders a display list to PNG bytes at `scale` pixels per point (2 for high-density screens).
///
/// An opaque figure (every theme's) is written as an indexed PNG of at most 256 colours
/// (`IndexedImage`), compressed with zlib at level 9: about a third of the bytes of Cairo's own RGB
/// PNG for the same picture. A figure with translucent pixels (a background with alpha) is written
/// by Cairo. Neither adds a timestamp, so equal lists give equal bytes.
enum PNGWriter {
    static func png(_ list: DisplayList, scale: Double) throws -> [UInt8] {
        let surface = try imageSurface(list, scale: scale)
        defer { cairo_surface_destroy(surface) }
        if let pixels = opaquePixels(surface) {
            let image = IndexedImage(
                pixels: pixels, width: Int(cairo_image_surface_get_width(surface)),
                height: Int(cairo_image_surface_get_height(surface)))
            return try encode(image)
        }
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
        let width = Int32((list.width * scale).rounded())
        let height = Int32((list.height * scale).rounded())
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

    /// The surface's pixels as `0xRRGGBB`, row-major, or nil when any pixel is not fully opaque.
    static func opaquePixels(_ surface: OpaquePointer) -> [UInt32]? {
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        let width = Int(cairo_image_surface_get_width(surface))
        let height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt32](repeating: 0, count: width * height)
        var opaque = true
        pixels.withUnsafeMutableBufferPointer { out in
            var y = 0
            while y < height {
                let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)  // native 0xAARRGGBB
                var x = 0
                while x < width {
                    if row[x] >> 24 != 0xFF { opaque = false }
                    out[y * width + x] = row[x] & 0xFF_FFFF
                    x += 1
                }
                y += 1
            }
        }
        return opaque ? pixels : nil
    }

    /// PNG bytes of an indexed image: signature, IHDR (8-bit, colour type 3), PLTE, one IDAT of
    /// zlib-compressed rows (filter type 0, which suits palette indices), IEND.
    static func encode(_ image: IndexedImage) throws -> [UInt8] {
        var rows = [UInt8]()
        rows.reserveCapacity((image.width + 1) * image.height)
        for y in 0..<image.height {
            rows.append(0)
            rows += image.indices[(y * image.width)..<((y + 1) * image.width)]
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        append(chunk: "IHDR", bigEndian(UInt32(image.width)) + bigEndian(UInt32(image.height)) + [8, 3, 0, 0, 0], to: &png)
        append(chunk: "PLTE", image.palette.flatMap { [UInt8($0 >> 16 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 & 0xFF)] }, to: &png)
        append(chunk: "IDAT", try deflate(rows), to: &png)
        append(chunk: "IEND", [], to: &png)
        return png
    }

    /// `bytes` as a zlib stream at the best compression.
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = compress2(&output, &length, bytes, uLong(bytes.count), Z_BEST_COMPRESSION)
        guard status == Z_OK else { throw CairoError.cairo("zlib could not compress the PNG (status \(status))") }
        return Array(output.prefix(Int(length)))
    }

    private static func append(chunk type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeAndData = Array(type.utf8) + data
        png += bigEndian(UInt32(data.count)) + typeAndData
        png += bigEndian(UInt32(crc32(0, typeAndData, uInt(typeAndData.count))))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
