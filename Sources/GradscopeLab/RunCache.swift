import Crypto
import Foundation

/// Finished runs on disk, one file per run named `<contentHash>.run` in one folder.
///
/// File format: a header line, then the payload: the `RunResult` as JSON with sorted keys
/// (Doubles in shortest round-trip form; NaN and ±infinity as the strings "nan", "inf", "-inf").
/// The header is `gradscope-run 1 <hex SHA-256 of the payload>` without a key, and
/// `gradscope-run 1 hmac <hex HMAC-SHA256 of the payload under the key>` with one.
///
/// A cache folder may be shared (between CI runs, from a pull request): everything in it is
/// untrusted. An entry that is missing, unreadable, a folder, truncated, or whose checksum, JSON
/// or spec does not match is treated as absent, so the run is trained again and the entry
/// rewritten where possible. A checksum only catches damage; anyone who can write the folder can
/// recompute it. With a key (`GRADSCOPE_CACHE_KEY`), an entry counts only when its HMAC verifies,
/// so a forged entry never changes a report. Writes go to a temporary file in the same folder,
/// then `rename` puts it in place atomically; every failed write removes its temporary file.
public struct RunCache: Sendable {
    public let directory: String
    /// The HMAC key; nil: entries carry a plain SHA-256 checksum.
    let key: SymmetricKey?
    static let magic = "gradscope-run 1 "

    public init(directory: String, key: [UInt8]? = nil) {
        self.directory = directory
        self.key = key.map { SymmetricKey(data: $0) }
    }

    public func path(forHash hash: String) -> String {
        (directory as NSString).appendingPathComponent(hash + ".run")
    }

    /// A new, unique name for an entry being written (swept when left behind: `RunCache+Sweep`).
    func temporaryPath(forHash hash: String) -> String {
        (directory as NSString).appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
    }

    /// The cached result for `spec`, or nil when absent, not intact or not authentic.
    public func load(_ spec: RunSpec, hash: String) -> RunResult? {
        guard let data = FileManager.default.contents(atPath: path(forHash: hash)),
            case .success(let result) = decode(data), result.spec == spec
        else { return nil }
        return result
    }

    /// The result an entry's bytes hold, once its header's proof (checksum, or HMAC under the key)
    /// and its JSON check out; otherwise what is wrong with it.
    func decode(_ data: Data) -> Result<RunResult, RunCacheEntryProblem> {
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")),
            let header = String(data: data[data.startIndex..<newline], encoding: .utf8),
            header.hasPrefix(RunCache.magic)
        else { return .failure(.notAnEntry) }
        let proof = String(header.dropFirst(RunCache.magic.count))
        let payload = data[(newline + 1)...]
        guard verifies(proof, payload) else {
            switch (key == nil, proof.hasPrefix("hmac ")) {
            case (true, true): return .failure(.sealedWithKey)
            case (false, false): return .failure(.notSealed)
            case (false, true): return .failure(.forged)
            case (true, false): return .failure(.checksumMismatch)
            }
        }
        guard let result = try? RunCache.decoder.decode(RunResult.self, from: payload) else { return .failure(.notARun) }
        return .success(result)
    }

    /// Writes the entry for `hash` atomically, creating the folder if needed. On failure nothing
    /// is left behind and the error says why; callers may go on without the cache.
    public func store(_ result: RunResult, hash: String) throws {
        let fm = FileManager.default
        let temporary = temporaryPath(forHash: hash)
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let payload = try RunCache.encoder.encode(result)
            var file = Data((RunCache.magic + seal(payload) + "\n").utf8)
            file.append(payload)
            try file.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path(forHash: hash)) == 0 else {
                throw RunCacheError(directory: directory, reason: "\(path(forHash: hash)): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? fm.removeItem(atPath: temporary)
            if let error = error as? RunCacheError { throw error }
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw RunCacheError(directory: directory, reason: reason)
        }
    }

    /// The header's proof for `payload`: its SHA-256, or its HMAC under the key.
    private func seal(_ payload: Data) -> String {
        guard let key else { return Digest.sha256Hex(payload) }
        return "hmac " + Digest.hex(HMAC<SHA256>.authenticationCode(for: payload, using: key))
    }

    /// Whether the header's proof matches: with a key only a valid HMAC (compared in constant time).
    private func verifies(_ proof: String, _ payload: Data) -> Bool {
        guard let key else { return proof == Digest.sha256Hex(payload) }
        guard proof.hasPrefix("hmac "), let code = Self.bytes(hex: String(proof.dropFirst(5))) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: payload, using: key)
    }

    /// The bytes of an even-length lowercase hex string, or nil.
    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}

/// An entry of the run cache could not be written.
public struct RunCacheError: Error, Sendable, CustomStringConvertible {
    public var directory: String
    public var reason: String
    public var description: String { "cannot write the run cache \(directory): \(reason)" }
}

/// Why an entry's bytes do not count as a cached run.
public enum RunCacheEntryProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `gradscope-run 1` header line.
    case notAnEntry
    /// The SHA-256 in the header does not match the payload: the entry is damaged.
    case checksumMismatch
    /// Sealed with an HMAC, but no key was given to check it.
    case sealedWithKey
    /// A key was given, but the entry carries a plain checksum, which anyone can recompute.
    case notSealed
    /// The HMAC does not verify under the key: forged, or sealed with another key.
    case forged
    /// The payload is not a run's JSON.
    case notARun
    /// The run inside is not the one the file's name says (another engine version, or renamed).
    case wrongName

    public var description: String {
        switch self {
        case .notAnEntry: "not a gradscope cache entry (no 'gradscope-run 1' header)"
        case .checksumMismatch: "its checksum does not match its contents (damaged)"
        case .sealedWithKey: "it is sealed with a key: set GRADSCOPE_CACHE_KEY to verify it"
        case .notSealed: "it carries a checksum, not an HMAC under GRADSCOPE_CACHE_KEY, so it cannot be trusted"
        case .forged: "its HMAC does not verify under GRADSCOPE_CACHE_KEY (forged, or sealed with another key)"
        case .notARun: "its contents are not a run's record (damaged)"
        case .wrongName: "the run inside is not the one its name says (another engine version, or renamed)"
        }
    }
}
