/// An opaque image as at most 256 colours and one palette index per pixel.
///
/// A chart is flat colours (background, lines, bars, cells, text) plus the anti-aliasing shades of
/// their edges. When it has 256 colours or fewer, the palette holds them all and the image is
/// exact. Otherwise the palette is the 256 most frequent colours (flat areas are frequent, so they
/// stay exact) and every other colour, a few edge pixels each, takes its nearest palette entry.
/// Deterministic: ties in frequency are broken by colour value.
struct IndexedImage {
    var width: Int
    var height: Int
    /// Colours as `0xRRGGBB`, most frequent first.
    var palette: [UInt32]
    /// One palette index per pixel, row-major from the top left.
    var indices: [UInt8]

    /// `pixels` are `0xRRGGBB` values, `width × height` of them.
    init(pixels: [UInt32], width: Int, height: Int) {
        self.width = width
        self.height = height
        // Charts are mostly runs of one colour along a row: each run is looked up once. Plain
        // `while` loops over buffers, so a debug build (the tests') stays fast too.
        var table = ColorTable(expected: 4096)
        var indices = [UInt8](repeating: 0, count: pixels.count)
        var palette: [UInt32] = []
        pixels.withUnsafeBufferPointer { pixels in
            var i = 0
            while i < pixels.count {
                var end = i + 1
                while end < pixels.count && pixels[end] == pixels[i] { end += 1 }
                table.count(pixels[i], times: end - i)
                i = end
            }
            let byFrequency = table.entries().sorted { $0.count != $1.count ? $0.count > $1.count : $0.color < $1.color }
            palette = byFrequency.prefix(256).map(\.color)
            var index = 0
            while index < palette.count {
                table.setIndex(UInt8(index), of: palette[index])
                index += 1
            }
            for entry in byFrequency.dropFirst(256) { table.setIndex(Self.nearest(entry.color, in: palette), of: entry.color) }
            indices.withUnsafeMutableBufferPointer { indices in
                var i = 0
                while i < pixels.count {
                    let color = pixels[i]
                    let index = table.index(of: color)
                    while i < pixels.count && pixels[i] == color {
                        indices[i] = index
                        i += 1
                    }
                }
            }
        }
        self.palette = palette
        self.indices = indices
    }

    /// The palette entry closest to `color`, by squared distance with the channels weighted 2:4:3
    /// (red, green, blue), a cheap stand-in for perceived difference.
    static func nearest(_ color: UInt32, in palette: [UInt32]) -> UInt8 {
        let r = Int(color >> 16 & 0xFF)
        let g = Int(color >> 8 & 0xFF)
        let b = Int(color & 0xFF)
        var best = 0
        var bestDistance = Int.max
        palette.withUnsafeBufferPointer { palette in
            var index = 0
            while index < palette.count {
                let candidate = palette[index]
                let dr = r - Int(candidate >> 16 & 0xFF)
                let dg = g - Int(candidate >> 8 & 0xFF)
                let db = b - Int(candidate & 0xFF)
                let distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db
                if distance < bestDistance { (best, bestDistance) = (index, distance) }
                index += 1
            }
        }
        return UInt8(best)
    }
}

/// Colour → (pixel count, palette index), open addressing with linear probing: counting the
/// pixels of a figure this way is fast even in a debug build.
private struct ColorTable {
    /// `0x01RRGGBB` for a used slot (the marker bit tells it from an empty 0).
    private var keys: [UInt32]
    private var counts: [Int]
    private var indices: [UInt8]
    private var used = 0

    init(expected: Int) {
        var capacity = 16
        while capacity < 2 * expected { capacity *= 2 }
        keys = Array(repeating: 0, count: capacity)
        counts = Array(repeating: 0, count: capacity)
        indices = Array(repeating: 0, count: capacity)
    }

    private func slot(of color: UInt32) -> Int {
        let key = color | 0x0100_0000
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }

    mutating func count(_ color: UInt32, times: Int) {
        let i = slot(of: color)
        if keys[i] == 0 {
            keys[i] = color | 0x0100_0000
            used += 1
        }
        counts[i] += times
        if 2 * used > keys.count { grow() }
    }

    mutating func setIndex(_ index: UInt8, of color: UInt32) { indices[slot(of: color)] = index }

    func index(of color: UInt32) -> UInt8 { indices[slot(of: color)] }

    func entries() -> [(color: UInt32, count: Int)] {
        keys.indices.filter { keys[$0] != 0 }.map { (keys[$0] & 0xFF_FFFF, counts[$0]) }
    }

    private mutating func grow() {
        let old = zip(keys, counts).filter { $0.0 != 0 }
        keys = Array(repeating: 0, count: keys.count * 2)
        counts = Array(repeating: 0, count: keys.count)
        indices = Array(repeating: 0, count: keys.count)
        for (key, count) in old {
            let i = slot(of: key & 0xFF_FFFF)
            keys[i] = key
            counts[i] = count
        }
    }
}
