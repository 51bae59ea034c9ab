import Foundation

/// NumPy `.npy` files, format version 1.0: the magic `\x93NUMPY`, version bytes 1 0, a little-endian
/// UInt16 header length, an ASCII dict header (`descr`, `fortran_order`, `shape`) padded with
/// spaces and ended by a newline so the data starts on a 64-byte boundary, then the values in
/// C (row-major) order, little-endian.
public enum NumPy {
    /// Float64 values (`<f8`) of the given shape.
    public static func encode(_ values: [Double], shape: [Int]) -> Data {
        var data = header(descr: "<f8", shape: shape)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// Int64 values (`<i8`) of the given shape.
    public static func encode(_ values: [Int64], shape: [Int]) -> Data {
        var data = header(descr: "<i8", shape: shape)
        for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func header(descr: String, shape: [Int]) -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(dict.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        return data
    }
}
