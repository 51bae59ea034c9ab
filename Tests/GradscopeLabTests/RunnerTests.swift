import Foundation
import Synchronization
import Testing

@testable import GradscopeLab

@Suite("Runner and cache")
struct RunnerTests {
    static let specs = [smallSpec(.relu), smallSpec(.sigmoid), smallSpec(.relu), smallSpec(.tanh, depth: 3)]

    @Test("Results are in input order, identical for 1 and 2 jobs, duplicates trained once")
    func jobs() throws {
        let calls = Mutex(0)
        let one = try Runner(jobs: 1, cacheDirectory: nil).run(Self.specs)
        let two = try Runner(
            jobs: 2, cacheDirectory: nil,
            progress: { _, total, _ in
                calls.withLock { $0 += 1 }
                #expect(total == 3)
            }
        ).run(Self.specs)
        #expect(bytes(one) == bytes(two))
        #expect(one.map(\.spec) == Self.specs)
        #expect(one[0] == one[2])
        #expect(calls.withLock { $0 } == 3)
        #expect(one[1] == (try train(Self.specs[1])))
    }

    @Test("On a sweep's tail the jobs' threads are shared out among the runs still training")
    func tailThreads() {
        #expect(Runner.threadsPerRun(jobs: 2, running: 2, waiting: 3) == 1)
        #expect(Runner.threadsPerRun(jobs: 2, running: 1, waiting: 1) == 1, "a run waits for the idle job")
        #expect(Runner.threadsPerRun(jobs: 2, running: 2, waiting: 0) == 1)
        #expect(Runner.threadsPerRun(jobs: 2, running: 1, waiting: 0) == 2)
        #expect(Runner.threadsPerRun(jobs: 4, running: 2, waiting: 0) == 2)
        #expect(Runner.threadsPerRun(jobs: 4, running: 3, waiting: 0) == 1)
        #expect(Runner.threadsPerRun(jobs: 1, running: 1, waiting: 0) == 1)
    }

    /// Products of at least 128 × 128 × 128 multiply-adds, which the engine splits across threads.
    static let wide = RunSpec(
        dataset: DatasetSpec(.electricity(samples: 512), seed: 3), activation: .tanh, depth: 2,
        width: 128, optimizer: OptimizerSpec(.sgd, learningRate: 0.05), batchSize: 128, epochs: 2,
        seed: 17, histogramBins: 10)

    @Test("A run whose products use several threads, however many and however they change, gives the same bytes")
    func threadedRun() throws {
        let alone = try train(Self.wide)
        let calls = Mutex(0)
        let changing = try train(
            Self.wide,
            threads: {
                calls.withLock {
                    $0 += 1
                    return 1 + $0 % 3
                }
            })
        #expect(calls.withLock { $0 } > 8, "asked before every step")
        #expect(bytes([changing]) == bytes([alone]))
        #expect(bytes([try train(Self.wide, threads: { 2 })]) == bytes([alone]))
    }

    @Test("The sweep's tail on all jobs' threads: the same bytes with 1, 2 and 3 jobs")
    func tailJobs() throws {
        let specs = [Self.wide, smallSpec(.relu), smallSpec(.sigmoid)]
        let one = try Runner(jobs: 1, cacheDirectory: nil).run(specs)
        #expect(bytes(try Runner(jobs: 2, cacheDirectory: nil).run(specs)) == bytes(one))
        #expect(bytes(try Runner(jobs: 3, cacheDirectory: nil).run(specs)) == bytes(one))
    }

    @Test("A warm cache gives the same results without training")
    func warmCache() throws {
        let folder = temporaryFolder()
        let cold = try Runner(jobs: 2, cacheDirectory: folder).run(Self.specs)
        let hits = Mutex(0)
        let warm = try Runner(
            jobs: 1, cacheDirectory: folder,
            progress: { _, _, fromCache in
                if fromCache { hits.withLock { $0 += 1 } }
            }
        ).run(Self.specs)
        #expect(bytes(cold) == bytes(warm))
        #expect(hits.withLock { $0 } == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".run") }.count == 3)
    }

    @Test("A corrupted or truncated cache entry is detected and recomputed", arguments: ["flip", "truncate", "garbage"])
    func corruptEntry(_ damage: String) throws {
        let folder = temporaryFolder()
        let spec = smallSpec(.sigmoid)
        let fresh = try Runner(jobs: 1, cacheDirectory: folder).run([spec])
        let path = RunCache(directory: folder).path(forHash: spec.contentHash)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        switch damage {
        case "flip": data[data.count / 2] ^= 0x04
        case "truncate": data = data.prefix(data.count / 3)
        default: data = Data("not a cache entry".utf8)
        }
        try data.write(to: URL(fileURLWithPath: path))
        #expect(RunCache(directory: folder).load(spec, hash: spec.contentHash) == nil)
        let hit = Mutex(false)
        let again = try Runner(jobs: 1, cacheDirectory: folder, progress: { _, _, fromCache in hit.withLock { $0 = fromCache } }).run([spec])
        #expect(hit.withLock { $0 } == false)
        #expect(bytes(again) == bytes(fresh))
        #expect(RunCache(directory: folder).load(spec, hash: spec.contentHash) == fresh[0])
    }

    @Test("The cache round-trips every Double exactly, NaN and infinities included")
    func exactDoubles() throws {
        var result = try train(smallSpec(epochs: 1))
        let awkward: [Double] = [0.1 + 0.2, 5e-324, 1e-40, -0.0, .greatestFiniteMagnitude, .infinity, -.infinity, .nan, 1 / 3]
        result.initial.weightGradientNorm = awkward
        let folder = temporaryFolder()
        let cache = RunCache(directory: folder)
        try cache.store(result, hash: "x")
        let back = try #require(cache.load(result.spec, hash: "x"))
        #expect(back.initial.weightGradientNorm.map(\.bitPattern) == awkward.map(\.bitPattern))
        #expect(back.epochs == result.epochs)
    }

    @Test("A failing spec's error is thrown, in input order")
    func failure() {
        var bad = smallSpec()
        bad.depth = 0
        #expect(throws: InvalidSpec.self) { try Runner(jobs: 2, cacheDirectory: nil).run([smallSpec(), bad]) }
    }
}
