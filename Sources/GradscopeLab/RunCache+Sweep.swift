import Foundation

extension RunCache {
    /// How old a temporary entry must be before it counts as left behind. A write puts its
    /// temporary file in place within milliseconds, so one this old belongs to a process that was
    /// killed while writing (on this machine or another sharing the folder).
    public static let staleTemporaryAge: TimeInterval = 600

    /// Removes the temporary files (`.<content hash>.<UUID>.tmp`, the names `store` writes) that
    /// are older than `staleTemporaryAge`; nothing else in the folder is touched. Returns how many
    /// were removed. Errors are ignored: a sweep that cannot run leaves only what was there.
    @discardableResult
    public func sweepStaleTemporaries(now: Date = Date()) -> Int {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return 0 }
        var removed = 0
        for name in names where Self.isTemporaryName(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let attributes = try? fm.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let modified = attributes[.modificationDate] as? Date,
                now.timeIntervalSince(modified) >= Self.staleTemporaryAge
            else { continue }
            if (try? fm.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }

    /// Whether `name` is exactly a temporary entry's name: a dot, 64 lowercase hex digits, a dot,
    /// a UUID in upper case, `.tmp`.
    static func isTemporaryName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[3] == "tmp" else { return false }
        let hash = parts[1]
        let uuid = parts[2]
        return hash.utf8.count == 64 && hash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
            && UUID(uuidString: String(uuid)) != nil && uuid == uuid.uppercased()
    }
}
