import CCairo
import GradscopeCharts

/// Pixels of a rendered figure in memory: straight (un-premultiplied) 8-bit RGBA, row-major from
/// the top left. For tests and checks that need colours without decoding a PNG.
public struct RasterImage: Hashable, Sendable {
    public var width: Int
    public var height: Int
    /// `width × height × 4` bytes: red, green, blue, alpha.
    public var rgba: [UInt8]

    init(_ list: DisplayList, scale: Double) throws {
        let surface = try PNGWriter.imageSurface(list, scale: scale)
        defer { cairo_surface_destroy(surface) }
        try self.init(surface: surface)
    }

    /// Decodes PNG bytes with Cairo's own reader.
    public init(png: [UInt8]) throws {
        final class Source {
            let bytes: [UInt8]
            var offset = 0
            init(_ bytes: [UInt8]) { self.bytes = bytes }
        }
        let source = Source(png)
        let read: cairo_read_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let source = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            source.bytes.withUnsafeBufferPointer { buffer in
                data.update(from: buffer.baseAddress! + source.offset, count: count)
            }
            source.offset += count
            return CAIRO_STATUS_SUCCESS
        }
        let surface = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let surface else { throw CairoError.cairo("could not decode PNG") }
        defer { cairo_surface_destroy(surface) }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw CairoError(status) }
        try self.init(surface: surface)
    }

    private init(surface: OpaquePointer) throws {
        cairo_surface_flush(surface)
        let format = cairo_image_surface_get_format(surface)
        guard format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24,
            let data = cairo_image_surface_get_data(surface)
        else {
            throw CairoError.cairo("unexpected image format")
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let opaque = format == CAIRO_FORMAT_RGB24
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride)
            for x in 0..<width {
                let pixel = row.load(fromByteOffset: x * 4, as: UInt32.self)  // native 0xAARRGGBB, premultiplied
                let a = opaque ? 255 : UInt32(pixel >> 24)
                func channel(_ shift: UInt32) -> UInt8 {
                    let c = (pixel >> shift) & 0xFF
                    return a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a))
                }
                let i = (y * width + x) * 4
                rgba[i] = channel(16)
                rgba[i + 1] = channel(8)
                rgba[i + 2] = channel(0)
                rgba[i + 3] = UInt8(a)
            }
        }
        self.rgba = rgba
    }

    /// The pixel at `(x, y)` as red, green, blue, alpha.
    public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        let i = (y * width + x) * 4
        return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3])
    }
}
