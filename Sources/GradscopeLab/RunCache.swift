import Crypto
import Foundation

/// Finished runs on disk, one file per run named `<contentHash>.run` in one folder.
///
/// File format: the line `gradscope-run 1 <hex SHA-256 of the payload>\n`, then the payload: the
/// `RunResult` as JSON with sorted keys (Doubles in shortest round-trip form; NaN and ±infinity as
/// the strings "nan", "inf", "-inf"). An entry whose checksum, JSON or spec does not match is
/// treated as absent, so the run is recomputed and the entry rewritten. Writes go to a temporary
/// file in the same folder, then `rename` puts it in place atomically.
public struct RunCache: Sendable {
    public let directory: String
    static let magic = "gradscope-run 1 "

    public init(directory: String) {
        self.directory = directory
    }

    public func path(forHash hash: String) -> String {
        (directory as NSString).appendingPathComponent(hash + ".run")
    }

    /// The cached result for `spec`, or nil when absent or not intact.
    public func load(_ spec: RunSpec, hash: String) -> RunResult? {
        guard let data = FileManager.default.contents(atPath: path(forHash: hash)),
              let newline = data.firstIndex(of: UInt8(ascii: "\n")),
              let header = String(data: data[data.startIndex..<newline], encoding: .utf8),
              header.hasPrefix(RunCache.magic) else { return nil }
        let payload = data[(newline + 1)...]
        guard String(header.dropFirst(RunCache.magic.count)) == RunSpec.hex(SHA256.hash(data: payload)),
              let result = try? RunCache.decoder.decode(RunResult.self, from: payload),
              result.spec == spec else { return nil }
        return result
    }

    /// Writes the entry for `hash` atomically, creating the folder if needed.
    public func store(_ result: RunResult, hash: String) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let payload = try RunCache.encoder.encode(result)
            var file = Data((RunCache.magic + RunSpec.hex(SHA256.hash(data: payload)) + "\n").utf8)
            file.append(payload)
            let temporary = (directory as NSString).appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
            try file.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path(forHash: hash)) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(atPath: temporary)
                throw RunCacheError(directory: directory, reason: reason)
            }
        } catch let error as RunCacheError {
            throw error
        } catch {
            throw RunCacheError(directory: directory, reason: "\(error.localizedDescription)")
        }
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

/// The run cache's folder cannot be written.
public struct RunCacheError: Error, Sendable, CustomStringConvertible {
    public var directory: String
    public var reason: String
    public var description: String { "\(directory): cannot write the run cache (\(reason))" }
}
