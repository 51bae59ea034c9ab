import Crypto
import Foundation

/// Lower-case hex of SHA-256 digests and MACs: the one spelling of a digest in cache keys, cache
/// entries, CSV digests, manifests and site records.
public enum Digest {
    /// Lower-case hex SHA-256 of `data`.
    public static func sha256Hex<D: DataProtocol>(_ data: D) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Bytes as lower-case hex, two digits each.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
