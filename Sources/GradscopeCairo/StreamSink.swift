import CCairo

/// Collects the bytes Cairo writes through a `cairo_write_func_t`. Passed to C as an unretained
/// `Unmanaged` pointer; the caller keeps it alive for the duration of the write.
final class StreamSink {
    var bytes: [UInt8] = []

    /// The C callback: appends `length` bytes from `data` to the sink behind `closure`.
    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<StreamSink>.fromOpaque(closure).takeUnretainedValue()
        if let data, length > 0 {
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        }
        return CAIRO_STATUS_SUCCESS
    }

    /// Runs `body` with a context pointer for Cairo's stream functions and returns what was written.
    static func collect(_ body: (UnsafeMutableRawPointer) throws -> Void) rethrows -> [UInt8] {
        let sink = StreamSink()
        try withExtendedLifetime(sink) {
            try body(Unmanaged.passUnretained(sink).toOpaque())
        }
        return sink.bytes
    }
}
