import Foundation

/// What `RunCache.merge` did with the entries it found.
public struct CacheMergeSummary: Sendable, Equatable {
    /// Entries copied into the cache.
    public var copied = 0
    /// Entries whose exact bytes the cache already held.
    public var alreadyThere = 0
    /// Entries for runs the cache already held, verified, in other bytes (sealed with a key on one
    /// side and not on the other): the cache's entry is kept.
    public var keptExisting = 0
    /// Entries not copied, each with its path and why: damaged, forged, unverifiable with the key
    /// given, misnamed, or for a run whose place in the cache holds something that does not verify.
    public var refused: [(path: String, problem: String)] = []

    public static func == (a: Self, b: Self) -> Bool {
        (a.copied, a.alreadyThere, a.keptExisting) == (b.copied, b.alreadyThere, b.keptExisting)
            && a.refused.map(\.path) == b.refused.map(\.path) && a.refused.map(\.problem) == b.refused.map(\.problem)
    }
}

/// A source folder of `RunCache.merge` that cannot be listed.
public struct CacheSourceError: Error, Sendable, CustomStringConvertible {
    public var directory: String
    public var reason: String
    public var description: String { "cannot read the cache folder \(directory): \(reason)" }
}

extension RunCache {
    /// Copies every entry of the `sources` folders (`<content hash>.run` files, as `store` writes
    /// them; other files are ignored) into this cache.
    ///
    /// Each entry is read once and verified before it is copied, exactly as `load` would verify it
    /// (checksum, or HMAC with this cache's key; JSON), and its run must be the one its name says:
    /// a damaged or forged entry never enters the cache and is listed in `refused` instead. The
    /// verified bytes are written to a temporary file in the cache, then linked into place under
    /// their name, which fails rather than replace anything: an entry already in the cache is never
    /// overwritten (same bytes: `alreadyThere`; another verified entry of the same run:
    /// `keptExisting`; anything else: refused, left alone). Every source folder is listed before
    /// anything is written; one that cannot be is a `CacheSourceError`. A cache that cannot be
    /// written is a `RunCacheError`.
    public func merge(from sources: [String]) throws -> CacheMergeSummary {
        let fm = FileManager.default
        let listings = try sources.map { source in
            do {
                return (source, try fm.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".run") && !$0.hasPrefix(".") }.sorted())
            } catch {
                throw CacheSourceError(directory: source, reason: Self.reason(error))
            }
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RunCacheError(directory: directory, reason: Self.reason(error))
        }
        var summary = CacheMergeSummary()
        for (source, names) in listings {
            for name in names {
                let path = (source as NSString).appendingPathComponent(name)
                let hash = String(name.dropLast(".run".count))
                guard Self.isContentHash(hash) else {
                    summary.refused.append((path, "not named by a content hash (64 lowercase hex digits)"))
                    continue
                }
                guard let data = fm.contents(atPath: path) else {
                    summary.refused.append((path, "cannot be read"))
                    continue
                }
                if let problem = verify(data, hash: hash) {
                    summary.refused.append((path, "\(problem); not copied"))
                    continue
                }
                try place(data, hash: hash, from: path, into: &summary)
            }
        }
        return summary
    }

    /// Nil when `data` is an entry this cache would load for the run named `hash`.
    func verify(_ data: Data, hash: String) -> RunCacheEntryProblem? {
        switch decode(data) {
        case .failure(let problem): problem
        case .success(let result): result.spec.contentHash == hash ? nil : .wrongName
        }
    }

    /// Puts verified `data` in place as the entry of `hash` unless one is there, and counts it.
    private func place(_ data: Data, hash: String, from path: String, into summary: inout CacheMergeSummary) throws {
        let target = self.path(forHash: hash)
        if let existing = FileManager.default.contents(atPath: target) ?? (FileManager.default.fileExists(atPath: target) ? Data() : nil) {
            count(existing, against: data, hash: hash, from: path, into: &summary)
            return
        }
        let temporary = (directory as NSString).appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
        defer { unlink(temporary) }
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw RunCacheError(directory: directory, reason: Self.reason(error))
        }
        guard link(temporary, target) == 0 else {
            let failure = errno
            if failure == EEXIST, let existing = FileManager.default.contents(atPath: target) {
                count(existing, against: data, hash: hash, from: path, into: &summary)
                return
            }
            throw RunCacheError(directory: directory, reason: "\(target): \(String(cString: strerror(failure)))")
        }
        summary.copied += 1
    }

    /// Counts an entry whose place in the cache is taken by `existing`.
    private func count(_ existing: Data, against data: Data, hash: String, from path: String, into summary: inout CacheMergeSummary) {
        if existing == data {
            summary.alreadyThere += 1
        } else if verify(existing, hash: hash) == nil {
            summary.keptExisting += 1
        } else {
            summary.refused.append(
                (path, "the cache's own entry for this run (\(self.path(forHash: hash))) does not verify and is left alone; remove it and merge again"))
        }
    }

    /// Whether `text` is 64 lowercase hex digits, as `RunSpec.contentHash` writes.
    static func isContentHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func reason(_ error: Error) -> String {
        (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}
