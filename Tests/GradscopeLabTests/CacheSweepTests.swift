import Foundation
import Testing

@testable import GradscopeLab

@Suite("Temporary cache files left by killed processes")
struct CacheSweepTests {
    let hash = String(repeating: "ab", count: 32)
    let uuid = "0F8E3A52-1C4B-4F3E-9B7A-2D6C5E4F3A21"

    /// Creates `name` in `folder`, last modified `age` seconds ago.
    func file(_ name: String, in folder: String, age: TimeInterval) throws -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        try Data("partial".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
        return path
    }

    @Test("a run removes stale temporaries of its cache and leaves fresh ones and every other file")
    func sweepOnRun() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stale = try file(".\(hash).\(uuid).tmp", in: folder, age: RunCache.staleTemporaryAge + 60)
        let fresh = try file(".\(hash).\(UUID().uuidString).tmp", in: folder, age: 5)
        let foreign = [
            try file("notes.tmp", in: folder, age: 86_400),
            try file(".\(hash).\(uuid.lowercased()).tmp", in: folder, age: 86_400),
            try file(".\(hash.dropLast()).\(uuid).tmp", in: folder, age: 86_400),
            try file("\(hash).run.tmp", in: folder, age: 86_400),
        ]
        _ = try Runner(jobs: 1, cacheDirectory: folder).run([smallSpec(.relu)])
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: fresh), "a write under way in another process is not touched")
        for path in foreign { #expect(FileManager.default.fileExists(atPath: path), "\(path) is not gradscope's") }
    }

    @Test("the names store writes are the names the sweep recognises")
    func namesMatch() throws {
        let folder = temporaryFolder()
        let cache = RunCache(directory: folder)
        let result = try Runner(jobs: 1, cacheDirectory: nil).run([smallSpec(.tanh)])[0]
        try cache.store(result, hash: hash)
        #expect(RunCache.isTemporaryName((cache.temporaryPath(forHash: hash) as NSString).lastPathComponent))
        #expect(!RunCache.isTemporaryName("\(hash).run"))
        #expect(cache.sweepStaleTemporaries(now: Date().addingTimeInterval(86_400)) == 0, "an entry in place is never swept")
        #expect(FileManager.default.fileExists(atPath: cache.path(forHash: hash)))
    }
}
