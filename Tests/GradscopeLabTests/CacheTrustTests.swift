import Foundation
import Synchronization
import Testing

@testable import GradscopeLab

@Suite("The run cache as untrusted input")
struct CacheTrustTests {
    /// Runs `specs` through a runner on `folder`, returning the results and the warnings given.
    func run(_ specs: [RunSpec], cache folder: String, key: [UInt8]? = nil) throws -> (results: [RunResult], warnings: [String]) {
        let warnings = Mutex<[String]>([])
        let results = try Runner(
            jobs: 2, cacheDirectory: folder, cacheKey: key,
            warning: { message in
                warnings.withLock { $0.append(message) }
            }
        ).run(specs)
        return (results, warnings.withLock { $0 })
    }

    @Test("an entry replaced by a folder is trained again with one warning, every time, and the folder is left alone")
    func folderInPlace() throws {
        let folder = temporaryFolder()
        let spec = smallSpec(.relu)
        try FileManager.default.createDirectory(atPath: RunCache(directory: folder).path(forHash: spec.contentHash), withIntermediateDirectories: false)
        for _ in 0..<2 {
            let (results, warnings) = try run([spec, smallSpec(.tanh)], cache: folder)
            #expect(results[0] == (try train(spec)))
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("cannot write the run cache") == true)
        }
        var isFolder: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: RunCache(directory: folder).path(forHash: spec.contentHash), isDirectory: &isFolder) && isFolder.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }.isEmpty, "a failed write leaves no temporary file")
    }

    @Test("a cache path that cannot be a folder gives one warning and the same results as no cache")
    func unwritable() throws {
        let parent = temporaryFolder()
        let blocker = (parent as NSString).appendingPathComponent("cache")
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let (results, warnings) = try run(RunnerTests.specs, cache: blocker)
        #expect(bytes(results) == bytes(try Runner(jobs: 1, cacheDirectory: nil).run(RunnerTests.specs)))
        #expect(warnings.count == 1)
    }

    /// Rewrites the cached entry of `spec` with a changed final loss and a recomputed SHA-256 header.
    func forge(_ spec: RunSpec, in folder: String) throws {
        var result = try #require(RunCache(directory: folder).load(spec, hash: spec.contentHash))
        result.epochs[result.epochs.count - 1].trainLoss = 1e-9
        try RunCache(directory: folder).store(result, hash: spec.contentHash)
        #expect(RunCache(directory: folder).load(spec, hash: spec.contentHash)?.epochs.last?.trainLoss == 1e-9, "a checksum alone does not catch a forgery")
    }

    @Test("with a key, a forged entry with a recomputed checksum is rejected and the run trained again")
    func forgedEntry() throws {
        let folder = temporaryFolder()
        let key = Array("secret".utf8)
        let spec = smallSpec(.sigmoid)
        let honest = try run([spec], cache: folder, key: key).results
        // An attacker without the key writes a plain-checksum entry: keyed readers ignore it.
        try FileManager.default.removeItem(atPath: RunCache(directory: folder).path(forHash: spec.contentHash))
        _ = try run([spec], cache: folder)
        try forge(spec, in: folder)
        #expect(RunCache(directory: folder, key: key).load(spec, hash: spec.contentHash) == nil)
        let hits = Mutex(0)
        let again = try Runner(
            jobs: 1, cacheDirectory: folder, cacheKey: key,
            progress: { _, _, fromCache in
                if fromCache { hits.withLock { $0 += 1 } }
            }
        ).run([spec])
        #expect(hits.withLock { $0 } == 0)
        #expect(bytes(again) == bytes(honest))
        #expect(RunCache(directory: folder, key: key).load(spec, hash: spec.contentHash) == honest[0], "the entry is rewritten with the key")
        #expect(RunCache(directory: folder, key: Array("other".utf8)).load(spec, hash: spec.contentHash) == nil, "another key does not verify it")
    }
}
