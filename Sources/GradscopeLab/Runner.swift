import Dispatch
import Foundation

/// Trains many runs: in parallel across runs (each run on one thread), each distinct spec once,
/// through the run cache when there is one. Results come back in input order and are identical
/// for every `jobs` and cache state. The cache is only a shortcut: an entry that cannot be read
/// is trained again, and one that cannot be written is reported through `warning` (once per
/// `run` call) while the results are returned all the same. Temporary cache files that a killed
/// process left behind are swept before training (`RunCache.sweepStaleTemporaries`).
public struct Runner: Sendable {
    public let jobs: Int
    public let cache: RunCache?
    public let progress: (@Sendable (_ done: Int, _ total: Int, _ fromCache: Bool) -> Void)?
    public let warning: (@Sendable (String) -> Void)?

    /// `jobs` below 1 counts as 1. `progress` is called once per distinct run as it finishes
    /// (from worker threads, one call at a time), `total` being the number of distinct runs.
    /// `cacheKey` authenticates cache entries (see `RunCache`).
    public init(jobs: Int, cacheDirectory: String?, cacheKey: [UInt8]? = nil,
                progress: (@Sendable (_ done: Int, _ total: Int, _ fromCache: Bool) -> Void)? = nil,
                warning: (@Sendable (String) -> Void)? = nil) {
        self.jobs = max(jobs, 1)
        cache = cacheDirectory.map { RunCache(directory: $0, key: cacheKey) }
        self.progress = progress
        self.warning = warning
    }

    /// Throws the error of the first failing spec in input order (an `InvalidSpec`, a
    /// `DatasetError`); the other runs still complete and are cached.
    public func run(_ specs: [RunSpec]) throws -> [RunResult] {
        cache?.sweepStaleTemporaries()
        let hashes = specs.map(\.contentHash)
        var firsts: [Int] = []          // index into specs of each distinct hash's first occurrence
        var slot: [String: Int] = [:]   // hash -> index into firsts
        for (i, h) in hashes.enumerated() where slot[h] == nil {
            slot[h] = firsts.count
            firsts.append(i)
        }
        let unique = firsts
        // Longest runs first, so the last ones to finish are short and no worker idles long.
        let order = unique.indices.sorted { (Self.cost(specs[unique[$0]]), $1) > (Self.cost(specs[unique[$1]]), $0) }
        let state = SharedState(count: unique.count)
        let workers = min(jobs, unique.count)
        let work: @Sendable (Int) -> Void = { _ in
            while let claimed = state.claim() {
                let u = order[claimed]
                let i = unique[u]
                let outcome: Result<RunResult, Error>
                var fromCache = false
                if let hit = cache?.load(specs[i], hash: hashes[i]) {
                    outcome = .success(hit)
                    fromCache = true
                } else {
                    outcome = Result { try train(specs[i]) }
                    if case .success(let result) = outcome, let cache {
                        do {
                            try cache.store(result, hash: hashes[i])
                        } catch {
                            if state.firstCacheFailure() { warning?("\(error); going on without it") }
                        }
                    }
                }
                let done = state.finish(u, outcome)
                progress?(done, unique.count, fromCache)
                state.unlockProgress()
            }
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        } else if workers == 1 {
            work(0)
        }
        let outcomes = state.outcomes
        return try specs.indices.map { i in try outcomes[slot[hashes[i]]!]!.get() }
    }

    /// A run's work, roughly: multiply-adds per example and layer times examples seen.
    static func cost(_ spec: RunSpec) -> Double {
        Double(spec.epochs + 1) * Double(spec.dataset.samples) * Double(spec.depth + 1) * Double(spec.width * spec.width)
    }
}

/// The runner's shared bookkeeping, behind one lock. `finish` keeps the lock held until
/// `unlockProgress`, so progress callbacks never overlap and see `done` in increasing order.
private final class SharedState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private let count: Int
    private(set) var outcomes: [Result<RunResult, Error>?]
    private var cacheFailed = false

    init(count: Int) {
        self.count = count
        outcomes = Array(repeating: nil, count: count)
    }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ u: Int, _ outcome: Result<RunResult, Error>) -> Int {
        lock.lock()
        outcomes[u] = outcome
        done += 1
        return done
    }

    func unlockProgress() { lock.unlock() }

    /// True the first time a cache write fails, so the warning is given once.
    func firstCacheFailure() -> Bool {
        lock.lock(); defer { lock.unlock() }
        defer { cacheFailed = true }
        return !cacheFailed
    }
}
