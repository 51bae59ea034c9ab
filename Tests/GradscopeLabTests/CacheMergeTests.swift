import Crypto
import Foundation
import Synchronization
import Testing

@testable import GradscopeLab

@Suite("Merging run caches, and training nothing")
struct CacheMergeTests {
    /// Names of the `.run` files in `folder`, sorted; any other file there too when `everything`.
    func entries(_ folder: String, everything: Bool = false) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { everything || $0.hasSuffix(".run") }.sorted()
    }

    func entry(of spec: RunSpec, in folder: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: RunCache(directory: folder).path(forHash: spec.contentHash)))
    }

    @Test("entries of several folders are copied byte for byte, once, and load from the merged cache")
    func copies() throws {
        let a = temporaryFolder()
        let b = temporaryFolder()
        let target = temporaryFolder()
        let specs = [smallSpec(.relu), smallSpec(.tanh), smallSpec(.sigmoid)]
        _ = try Runner(jobs: 1, cacheDirectory: a).run(Array(specs[0...1]))
        _ = try Runner(jobs: 1, cacheDirectory: b).run(Array(specs[1...2]))
        try Data("not an entry".utf8).write(to: URL(fileURLWithPath: (a as NSString).appendingPathComponent("notes.txt")))
        let summary = try RunCache(directory: target).merge(from: [a, b])
        #expect(summary == CacheMergeSummary(copied: 3, alreadyThere: 1, keptExisting: 0, refused: []))
        #expect(try entries(target, everything: true) == specs.map { $0.contentHash + ".run" }.sorted(), "no temporary file, nothing else copied")
        for spec in specs { #expect(RunCache(directory: target).load(spec, hash: spec.contentHash) != nil) }
        #expect(try entry(of: specs[0], in: target) == (try entry(of: specs[0], in: a)))
        let again = try RunCache(directory: target).merge(from: [a, b])
        #expect(again == CacheMergeSummary(copied: 0, alreadyThere: 4, keptExisting: 0, refused: []))
    }

    @Test("a damaged, garbage, misnamed or forged entry never enters the cache and is reported with why", arguments: ["flip", "garbage", "renamed", "forged"])
    func refusesBadEntries(_ damage: String) throws {
        let source = temporaryFolder()
        let target = temporaryFolder()
        let good = smallSpec(.relu)
        let bad = smallSpec(.tanh)
        let key: [UInt8]? = damage == "forged" ? Array("secret".utf8) : nil
        _ = try Runner(jobs: 1, cacheDirectory: source, cacheKey: key).run([good, bad])
        let path = RunCache(directory: source).path(forHash: bad.contentHash)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        var name = path
        switch damage {
        case "flip": data[data.count - 20] ^= 0x01
        case "garbage": data = Data("gradscope-run 1 0000\n{}".utf8)
        case "renamed":
            try FileManager.default.removeItem(atPath: path)
            name = RunCache(directory: source).path(forHash: smallSpec(.sigmoid).contentHash)
        default:
            // Without the key, a forger can only write a plain checksum (here over a changed result).
            var result = try #require(RunCache(directory: source, key: key).load(bad, hash: bad.contentHash))
            result.epochs[0].trainLoss = 1e-9
            try RunCache(directory: source).store(result, hash: bad.contentHash)
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        try data.write(to: URL(fileURLWithPath: name))
        let summary = try RunCache(directory: target, key: key).merge(from: [source])
        #expect(summary.copied == 1)
        #expect(summary.refused.map(\.path) == [name])
        let expected =
            switch damage {
            case "flip": "its checksum does not match its contents (damaged); not copied"
            case "garbage": "its checksum does not match its contents (damaged); not copied"
            case "renamed": "the run inside is not the one its name says (another engine version, or renamed); not copied"
            default: "it carries a checksum, not an HMAC under GRADSCOPE_CACHE_KEY, so it cannot be trusted; not copied"
            }
        #expect(summary.refused.first?.problem == expected)
        #expect(try entries(target, everything: true) == [good.contentHash + ".run"])
    }

    @Test("an HMAC-sealed entry cannot be verified without the key, and another key rejects it")
    func keyedEntries() throws {
        let source = temporaryFolder()
        let spec = smallSpec(.relu)
        _ = try Runner(jobs: 1, cacheDirectory: source, cacheKey: Array("secret".utf8)).run([spec])
        let unkeyed = try RunCache(directory: temporaryFolder()).merge(from: [source])
        #expect(unkeyed.refused.first?.problem == "it is sealed with a key: set GRADSCOPE_CACHE_KEY to verify it; not copied")
        let otherKey = try RunCache(directory: temporaryFolder(), key: Array("other".utf8)).merge(from: [source])
        #expect(otherKey.refused.first?.problem.hasPrefix("its HMAC does not verify under GRADSCOPE_CACHE_KEY") == true)
        let sameKey = try RunCache(directory: temporaryFolder(), key: Array("secret".utf8)).merge(from: [source])
        #expect(sameKey.copied == 1 && sameKey.refused.isEmpty)
    }

    @Test("an entry already in the cache is never overwritten: the same run in other bytes is kept, one that does not verify is left alone")
    func neverOverwrites() throws {
        let source = temporaryFolder()
        let target = temporaryFolder()
        let spec = smallSpec(.relu)
        _ = try Runner(jobs: 1, cacheDirectory: source).run([spec])
        let entry = try entry(of: spec, in: source)
        let targetPath = RunCache(directory: target).path(forHash: spec.contentHash)
        // The same run in other valid bytes: its JSON with a trailing space, under its own checksum.
        let newline = try #require(entry.firstIndex(of: UInt8(ascii: "\n")))
        let payload = entry[(newline + 1)...] + Data(" ".utf8)
        let respaced = Data((RunCache.magic + Digest.sha256Hex(payload) + "\n").utf8) + payload
        try respaced.write(to: URL(fileURLWithPath: targetPath))
        #expect(try RunCache(directory: target).merge(from: [source]) == CacheMergeSummary(copied: 0, alreadyThere: 0, keptExisting: 1, refused: []))
        #expect(try Data(contentsOf: URL(fileURLWithPath: targetPath)) == respaced)
        // Something that does not verify in the run's place: left alone, and the source's entry refused.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: targetPath))
        let blocked = try RunCache(directory: target).merge(from: [source])
        #expect(blocked.copied == 0)
        #expect(blocked.refused.first?.problem.contains("does not verify and is left alone") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: targetPath)) == Data("mine".utf8))
    }

    @Test("a source folder that cannot be read stops the merge before anything is written")
    func missingSource() throws {
        let good = temporaryFolder()
        _ = try Runner(jobs: 1, cacheDirectory: good).run([smallSpec(.relu)])
        let target = (temporaryFolder() as NSString).appendingPathComponent("merged")
        #expect(throws: CacheSourceError.self) { try RunCache(directory: target).merge(from: [good, good + "-missing"]) }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("an offline runner trains nothing: a missing run fails, a cached one loads; uncached lists the gaps")
    func offline() throws {
        let folder = temporaryFolder()
        let cached = smallSpec(.relu)
        let missing = smallSpec(.tanh)
        let trained = try Runner(jobs: 1, cacheDirectory: folder).run([cached])
        let runner = Runner(jobs: 2, cacheDirectory: folder, offline: true)
        #expect(runner.uncached([missing, cached, missing, smallSpec(.sigmoid)]) == [0, 3])
        #expect(runner.uncached([cached]) == [])
        #expect(runner.uncached([]) == [])
        #expect(Runner(jobs: 1, cacheDirectory: nil).uncached([cached, cached]) == [0])
        #expect(bytes(try runner.run([cached])) == bytes(trained))
        #expect(throws: RunNotCached.self) { try runner.run([cached, missing]) }
        #expect(try entries(folder) == [cached.contentHash + ".run"], "nothing was trained or stored")
        let outcomes = Runner(jobs: 1, cacheDirectory: folder).outcomes([cached, missing])
        #expect(outcomes.map { (try? $0.get().fromCache) ?? false } == [true, false])
    }
}
