import Dispatch
import Foundation
import Synchronization

/// Trains many runs: in parallel across runs, each distinct spec once,
/// through the run cache when there is one. Results come back in input order and are identical
/// for every `jobs` and cache state. The cache is only a shortcut: an entry that cannot be read
/// is trained again, and one that cannot be written is reported through `warning` (once per
/// `run` call) while the results are returned all the same. An `offline` runner trains nothing: a
/// run missing from the cache fails with `RunNotCached`. Temporary cache files that a killed
/// process left behind are swept before training (`RunCache.sweepStaleTemporaries`).
///
/// Each run trains on one thread while runs wait to start; on a sweep's tail, when no run is
/// left to start, the `jobs` threads are shared out among the runs still training (`threadBudget`),
/// whose big matrix products then split their output columns across them: the same numbers, sooner.
public struct Runner: Sendable {
    public let jobs: Int
    public let cache: RunCache?
    public let offline: Bool
    public let progress: (@Sendable (_ done: Int, _ total: Int, _ fromCache: Bool) -> Void)?
    public let warning: (@Sendable (String) -> Void)?

    /// `jobs` below 1 counts as 1. `progress` is called once per distinct run as it finishes
    /// (from worker threads, one call at a time), `total` being the number of distinct runs.
    /// `cacheKey` authenticates cache entries (see `RunCache`).
    public init(
        jobs: Int, cacheDirectory: String?, cacheKey: [UInt8]? = nil, offline: Bool = false,
        progress: (@Sendable (_ done: Int, _ total: Int, _ fromCache: Bool) -> Void)? = nil,
        warning: (@Sendable (String) -> Void)? = nil
    ) {
        self.jobs = max(jobs, 1)
        cache = cacheDirectory.map { RunCache(directory: $0, key: cacheKey) }
        self.offline = offline
        self.progress = progress
        self.warning = warning
    }

    /// Throws the error of the first failing spec in input order (an `InvalidSpec`, a
    /// `DatasetError`, a `RunNotCached`); the other runs still complete and are cached.
    public func run(_ specs: [RunSpec]) throws -> [RunResult] {
        try outcomes(specs).map { try $0.get().result }
    }

    /// Each spec's result and whether it came from the cache, or its error, in input order.
    public func outcomes(_ specs: [RunSpec]) -> [Result<(result: RunResult, fromCache: Bool), Error>] {
        if !offline { cache?.sweepStaleTemporaries() }
        let hashes = specs.map(\.contentHash)
        var firsts: [Int] = []  // index into specs of each distinct hash's first occurrence
        var slot: [String: Int] = [:]  // hash -> index into firsts
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
                } else if offline {
                    outcome = .failure(RunNotCached(hash: hashes[i], directory: cache?.directory))
                } else {
                    outcome = Result { try train(specs[i], threads: { state.threadBudget(jobs: workers) }) }
                    if case .success(let result) = outcome, let cache {
                        do {
                            try cache.store(result, hash: hashes[i])
                        } catch {
                            if state.firstCacheFailure() { warning?("\(error); going on without it") }
                        }
                    }
                }
                state.finish(u, outcome.map { ($0, fromCache) }) { done in progress?(done, unique.count, fromCache) }
            }
        }
        if workers > 1 {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        } else if workers == 1 {
            work(0)
        }
        let outcomes = state.outcomes
        return specs.indices.map { i in outcomes[slot[hashes[i]]!]! }
    }

    /// Indices into `specs` of the runs the cache cannot give (every run without a cache): the
    /// first spec of each distinct hash whose entry is absent or would not load. Entries are read
    /// and verified as `run` reads them, across `jobs` threads.
    public func uncached(_ specs: [RunSpec]) -> [Int] {
        var seen: Set<String> = []
        let firsts = specs.indices.filter { seen.insert(specs[$0].contentHash).inserted }
        guard let cache else { return firsts }
        let workers = min(jobs, firsts.count)
        guard workers > 0 else { return [] }
        let found = FoundFlags(count: firsts.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for k in stride(from: worker, to: firsts.count, by: workers) {
                let spec = specs[firsts[k]]
                if cache.load(spec, hash: spec.contentHash) != nil { found.set(k) }
            }
        }
        return firsts.indices.filter { !found.get($0) }.map { firsts[$0] }
    }

    /// Threads for one of `running` runs in training while `waiting` runs wait to start: 1 while
    /// any waits (each job trains its own run), then the `jobs` shared equally, rounded down.
    static func threadsPerRun(jobs: Int, running: Int, waiting: Int) -> Int {
        waiting > 0 ? 1 : max(1, jobs / max(running, 1))
    }

    /// A run's work, roughly: multiply-adds per example and layer times examples seen.
    static func cost(_ spec: RunSpec) -> Double {
        Double(spec.epochs + 1) * Double(spec.dataset.kind.samples ?? DatasetSpec.defaultSamples) * Double(spec.depth + 1) * Double(spec.width * spec.width)
    }
}

/// The runner's shared bookkeeping, behind one lock.
private final class SharedState: Sendable {
    private struct Counts {
        var next = 0
        var done = 0
        /// Runs claimed and not yet finished.
        var running = 0
        var outcomes: [Result<(result: RunResult, fromCache: Bool), Error>?]
        var cacheFailed = false
    }

    private let count: Int
    private let state: Mutex<Counts>

    init(count: Int) {
        self.count = count
        state = Mutex(Counts(outcomes: Array(repeating: nil, count: count)))
    }

    var outcomes: [Result<(result: RunResult, fromCache: Bool), Error>?] { state.withLock { $0.outcomes } }

    func claim() -> Int? {
        state.withLock { counts in
            guard counts.next < count else { return nil }
            counts.next += 1
            counts.running += 1
            return counts.next - 1
        }
    }

    /// Threads for one of the runs still going (`Runner.threadsPerRun`).
    func threadBudget(jobs: Int) -> Int {
        state.withLock { Runner.threadsPerRun(jobs: jobs, running: $0.running, waiting: count - $0.next) }
    }

    /// Records run `u`'s outcome and calls `progress` with the number done, under the lock, so
    /// progress callbacks never overlap and see that number in increasing order.
    func finish(_ u: Int, _ outcome: Result<(result: RunResult, fromCache: Bool), Error>, progress: (Int) -> Void) {
        state.withLock { counts in
            counts.outcomes[u] = outcome
            counts.done += 1
            counts.running -= 1
            progress(counts.done)
        }
    }

    /// True the first time a cache write fails, so the warning is given once.
    func firstCacheFailure() -> Bool {
        state.withLock { counts in
            defer { counts.cacheFailed = true }
            return !counts.cacheFailed
        }
    }
}

/// Flags set from several threads, one per index.
private final class FoundFlags: Sendable {
    private let flags: Mutex<[Bool]>

    init(count: Int) { flags = Mutex(Array(repeating: false, count: count)) }
    func set(_ i: Int) { flags.withLock { $0[i] = true } }
    func get(_ i: Int) -> Bool { flags.withLock { $0[i] } }
}

/// An offline runner met a run that is not in the cache.
public struct RunNotCached: Error, Sendable, CustomStringConvertible {
    public var hash: String
    public var directory: String?
    public var description: String {
        "run \(hash) is not in the run cache\(directory.map { " \($0)" } ?? "") and --offline trains nothing"
    }
}
