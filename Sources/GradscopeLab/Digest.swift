import Crypto
import Foundation

enum Digest {
    /// Lower-case hex SHA-256 of `data`.
    static func sha256Hex<D: DataProtocol>(_ data: D) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
