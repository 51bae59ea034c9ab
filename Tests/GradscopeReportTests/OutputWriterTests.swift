import Foundation
import Testing

@testable import GradscopeReport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `OutputWriter` may replace, what it leaves behind, and how it fails.
@Suite("Writing the report folder")
struct OutputWriterTests {
    let helpers = ReportBuilderTests()

    func render(_ folder: URL) throws -> RenderSummary {
        try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("tiny.md").path, options: helpers.options(folder))
    }

    /// Every entry under `folder`, hidden ones included, by relative path: a file's bytes, a link's destination, "folder".
    static func tree(_ folder: URL) throws -> [String: String] {
        var entries: [String: String] = [:]
        let manager = FileManager.default
        func visit(_ relative: String) throws {
            let path = relative.isEmpty ? folder.path : folder.path + "/" + relative
            for name in try manager.contentsOfDirectory(atPath: path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = folder.path + "/" + child
                switch try manager.attributesOfItem(atPath: full)[.type] as? FileAttributeType {
                case .typeDirectory?:
                    entries[child] = "folder"
                    try visit(child)
                case .typeSymbolicLink?:
                    entries[child] = "-> " + (try manager.destinationOfSymbolicLink(atPath: full))
                default:
                    entries[child] = try Data(contentsOf: URL(fileURLWithPath: full)).base64EncodedString()
                }
            }
        }
        try visit("")
        return entries
    }

    /// What can sit at `out/tiny` that is not gradscope's to delete.
    enum Occupant: String, CaseIterable, Sendable {
        case userFolder, file, symbolicLink, foreignManifest, reportWithExtraFile, reportWithEditedFile

        /// Puts the occupant at `out/tiny` (rendering a real report first where it needs one).
        func install(in folder: URL, render: (URL) throws -> RenderSummary) throws {
            let manager = FileManager.default
            let target = folder.appendingPathComponent("out/tiny")
            try manager.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
            switch self {
            case .userFolder:
                try manager.createDirectory(at: target, withIntermediateDirectories: true)
                try Data("my notes\n".utf8).write(to: target.appendingPathComponent("notes.txt"))
            case .file:
                try Data("a file\n".utf8).write(to: target)
            case .symbolicLink:
                try manager.createDirectory(at: folder.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
                try manager.createSymbolicLink(atPath: target.path, withDestinationPath: "../elsewhere")
            case .foreignManifest:
                try manager.createDirectory(at: target, withIntermediateDirectories: true)
                try Data("{\"name\": \"some web app\"}\n".utf8).write(to: target.appendingPathComponent("manifest.json"))
            case .reportWithExtraFile:
                _ = try render(folder)
                try Data("my notes\n".utf8).write(to: target.appendingPathComponent("figures/notes.txt"))
            case .reportWithEditedFile:
                _ = try render(folder)
                let report = target.appendingPathComponent("report.md")
                try (try Data(contentsOf: report) + Data("my annotation\n".utf8)).write(to: report)
            }
        }

        var expected: String {
            switch self {
            case .userFolder: "holds notes.txt and no manifest.json, so it is not a gradscope report"
            case .file: "is a file, not a gradscope report folder"
            case .symbolicLink: "is a symbolic link, not a gradscope report folder"
            case .foreignManifest: "holds a manifest.json gradscope did not write"
            case .reportWithExtraFile: "holds figures/notes.txt, which gradscope did not write"
            case .reportWithEditedFile: "holds report.md, changed since gradscope wrote it"
            }
        }
    }

    @Test("what gradscope did not write is never replaced: one located error, every byte left as it was", arguments: Occupant.allCases)
    func refusesToReplace(occupant: Occupant) throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try occupant.install(in: folder, render: render)
        let before = try Self.tree(folder)
        do {
            _ = try render(folder)
            Issue.record("expected a refusal")
        } catch let error as NotebookError {
            #expect(error.file.hasSuffix("out/tiny"))
            #expect(error.message == "\(occupant.expected); not replacing it (move it away or choose another output folder)")
        }
        #expect(try Self.tree(folder) == before, "nothing written, nothing removed")
    }

    @Test("an empty folder is replaced by the report")
    func replacesEmptyFolder() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/tiny"), withIntermediateDirectories: true)
        _ = try render(folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/tiny/index.html").path))
    }

    @Test("Finder's .DS_Store files do not stop a report from being replaced")
    func ignoresFinderFiles() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = URL(fileURLWithPath: try render(folder).outputDirectory)
        try Data([0, 0, 0, 1]).write(to: target.appendingPathComponent("figures/.DS_Store"))
        _ = try render(folder)
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("figures/.DS_Store").path))
    }

    @Test("the fallback swap by two renames leaves the new report in place and nothing beside it")
    func swapsByRenaming() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = ReportPaths(URL(fileURLWithPath: try render(folder).outputDirectory))
        let staging = paths.staging(getpid())
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        try Data("new".utf8).write(to: URL(fileURLWithPath: staging + "/index.html"))
        try OutputWriter.swapByRenaming(staging, paths)
        #expect(try Self.tree(URL(fileURLWithPath: paths.target)) == ["index.html": Data("new".utf8).base64EncodedString()])
        #expect(try FileManager.default.contentsOfDirectory(atPath: paths.parent).sorted() == [".tiny.lock", "tiny"])
    }

    @Test("a previous report is replaced by the new one and nothing is left beside it but the lock file")
    func replacesPreviousReport() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try render(folder)
        try ReportBuilderTests.notebook.replacingOccurrences(of: "title: Tiny", with: "title: Renamed")
            .write(to: folder.appendingPathComponent("tiny.md"), atomically: true, encoding: .utf8)
        let summary = try render(folder)
        let html = try String(contentsOf: URL(fileURLWithPath: summary.outputDirectory).appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<title>Renamed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path).sorted() == [".tiny.lock", "tiny"])
    }

    @Test("leftovers of dead renders of this report are removed; those of live processes and other names stay")
    func removesStaleLeftovers() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let finished = Process()
        let running = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        running.executableURL = URL(fileURLWithPath: "/bin/sleep")
        running.arguments = ["60"]
        try finished.run()
        finished.waitUntilExit()
        try running.run()
        defer {
            kill(running.processIdentifier, SIGKILL)  // not terminate(): the child may inherit a mask blocking SIGTERM
            running.waitUntilExit()
        }
        let dead = [".tiny.partial-999999999", ".tiny.old-999999999", ".tiny.partial-\(finished.processIdentifier)", ".tiny.old-\(finished.processIdentifier)"]
        let kept = [
            ".tiny.partial-\(running.processIdentifier)", ".tiny.old-\(running.processIdentifier)",
            ".other.partial-999999999", ".tiny.partial-0999999999", ".tiny.partial-x", ".tiny.partial-999999999.keep", "tiny.partial-999999999",
        ]
        for name in dead + kept {
            let leftover = folder.appendingPathComponent("out/\(name)")
            try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: leftover.appendingPathComponent("index.html"))
        }
        _ = try render(folder)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out").path)
        #expect(Set(remaining) == Set(kept + ["tiny", ".tiny.lock"]))
    }

    @Test("a file-system failure is one line naming the report, removes the staging folder and keeps the previous report")
    func fileSystemFailure() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try render(folder)
        let before = try Self.tree(folder)
        do {
            try OutputWriter.write(
                ["a": Data("file".utf8), "a/b": Data("needs a folder".utf8)], to: URL(fileURLWithPath: summary.outputDirectory),
                interruption: OutputInterruption())
            Issue.record("expected an error")
        } catch let error as NotebookError {
            #expect(error.file == summary.outputDirectory)
            #expect(error.message == "cannot write the report here: \(folder.path)/out/.tiny.partial-\(getpid())/a: exists and is not a folder")
            #expect(!"\(error)".contains("\n"))
        }
        #expect(try Self.tree(folder) == before)
    }

    @Test("a signal that came before the write phase stops it before anything is written")
    func signalBeforeWriting() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let summary = try render(folder)
        let before = try Self.tree(folder)
        let interruption = OutputInterruption()
        #expect(interruption.receive(SIGINT) == false, "no write under way: the caller exits at once")
        #expect(throws: RenderInterrupted(signal: SIGINT)) {
            try OutputWriter.write(["index.html": Data("new".utf8)], to: URL(fileURLWithPath: summary.outputDirectory), interruption: interruption)
        }
        #expect(RenderInterrupted(signal: SIGINT).exitStatus == 130)
        #expect(try Self.tree(folder) == before)
    }

    /// Holds `out/.tiny.lock` as another render would, until `release` is called.
    struct HeldLock {
        let descriptor: Int32

        init(_ folder: URL) throws {
            descriptor = open(folder.appendingPathComponent("out/.tiny.lock").path, O_RDWR | O_CREAT, 0o666)
            #expect(descriptor >= 0 && flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        }

        func release() { close(descriptor) }
    }

    @Test("a render waits for another render's lock and then writes; past the timeout it fails with one line")
    func waitsForTheLock() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = URL(fileURLWithPath: try render(folder).outputDirectory)
        let lock = try HeldLock(folder)
        let before = try Self.tree(folder)
        do {
            try OutputWriter.write(["index.html": Data("new".utf8)], to: target, interruption: OutputInterruption(), lockTimeout: 0.3)
            Issue.record("expected a timeout")
        } catch let error as NotebookError {
            #expect(
                error.message
                    == "another gradscope render has held \(folder.path)/out/.tiny.lock for 0.3 s while writing this report; try again when it has finished")
        }
        #expect(try Self.tree(folder) == before)

        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { lock.release() }
        let start = Date()
        try OutputWriter.write(["index.html": Data("new".utf8)], to: target, interruption: OutputInterruption(), lockTimeout: 30)
        #expect(Date().timeIntervalSince(start) >= 0.25, "it waited for the lock")
        #expect(try Self.tree(target) == ["index.html": Data("new".utf8).base64EncodedString()])
    }

    @Test("a signal while waiting for the lock stops the render promptly, writing nothing")
    func signalWhileWaiting() throws {
        let folder = try helpers.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = URL(fileURLWithPath: try render(folder).outputDirectory)
        let lock = try HeldLock(folder)
        defer { lock.release() }
        let before = try Self.tree(folder)
        let interruption = OutputInterruption()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { _ = interruption.receive(SIGTERM) }
        let start = Date()
        #expect(throws: RenderInterrupted(signal: SIGTERM)) {
            try OutputWriter.write(["index.html": Data("new".utf8)], to: target, interruption: interruption, lockTimeout: 30)
        }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(try Self.tree(folder) == before)
    }
}
