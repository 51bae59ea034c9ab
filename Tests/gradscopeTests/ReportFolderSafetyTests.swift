import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

#if canImport(Glibc)
    import Glibc
#endif

#if os(Linux)
    /// The real binary killed, interrupted and raced while it writes a report whose previous version
    /// exists: the report folder must always hold one complete report, and nothing may be left behind.
    /// Linux only: the tests read a process's signal dispositions from /proc.
    @Suite("The report folder under kills, signals and races", .serialized)
    struct ReportFolderSafetyTests {
        let cli = CommandLineTests()
        /// A warm cache keeps each render short, so most of its time is drawing and writing.
        let render = ["render", "nb.md", "--out", "site", "--quiet", "--cache-dir", "cache"]

        func start(_ arguments: [String], in folder: URL) throws -> Process {
            let process = Process()
            process.executableURL = CommandLineTests.binary
            process.arguments = arguments
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }

        /// Renders once (the previous report, and a warm cache) and returns how long a second render takes.
        func prepare(_ folder: URL) throws -> TimeInterval {
            #expect(try cli.run(render, in: folder).status == 0)
            let start = Date()
            #expect(try cli.run(render, in: folder).status == 0)
            return Date().timeIntervalSince(start)
        }

        /// Fails unless `report` holds index.html and a manifest whose every listed file is there with its SHA-256.
        func expectComplete(_ report: URL, _ comment: String) {
            struct Manifest: Decodable { var files: [String: String] }
            guard let data = try? Data(contentsOf: report.appendingPathComponent("manifest.json")),
                let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
            else {
                Issue.record("no readable manifest: \(comment)")
                return
            }
            #expect(manifest.files["index.html"] != nil, "\(comment)")
            for (file, digest) in manifest.files {
                let bytes = try? Data(contentsOf: report.appendingPathComponent(file))
                #expect(bytes.map(Digest.sha256Hex) == digest, "\(file): \(comment)")
            }
        }

        /// The staging and retired folders beside the report.
        func leftovers(_ folder: URL) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path)
                .filter { $0.contains(".partial-") || $0.contains(".old-") }
        }

        /// Waits until `process` catches `signal` (the render's handlers are installed).
        func waitUntilCatching(_ signal: Int32, _ process: Process) throws {
            let deadline = Date(timeIntervalSinceNow: 10)
            while Date() < deadline {
                let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
                if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
                    let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16),
                    mask & (1 << UInt64(signal - 1)) != 0
                {
                    return
                }
                usleep(1_000)
            }
            Issue.record("the render never installed its \(signal) handler")
        }

        @Test("a user's folder where the report would go is refused with one line, and the user's file is kept byte for byte")
        func refusesUserFolder() throws {
            let folder = try cli.workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("site/nb"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: folder.appendingPathComponent("nb.md"), to: folder.appendingPathComponent("site/nb/nb.md"))
            let outcome = try cli.run(["render", "site/nb/nb.md", "--out", "site", "--no-cache", "--quiet"], in: folder)
            #expect(outcome.status == 2)
            #expect(
                outcome.stderr
                    == "gradscope: site/nb: error: holds nb.md and no manifest.json, so it is not a gradscope report; not replacing it (move it away or choose another output folder)\n"
            )
            #expect(try Data(contentsOf: folder.appendingPathComponent("site/nb/nb.md")) == Data(CommandLineTests.notebook.utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site").path) == ["nb"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("site/nb").path) == ["nb.md"])
        }

        @Test("SIGKILL at any moment leaves a complete report; the next render removes what the killed ones left")
        func killAtAnyMoment() throws {
            let folder = try cli.workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            var delay = try prepare(folder)
            var step = delay / 4
            for attempt in 0..<20 {
                let process = try start(render, in: folder)
                usleep(useconds_t(delay * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                expectComplete(folder.appendingPathComponent("site/nb"), "after kill \(attempt) at \(delay) s")
                // A staircase around the moment the render finishes, where it writes: later after a
                // kill that left nothing (too early), earlier after a render that finished.
                let finished = process.terminationReason == .exit
                let wrote = try !leftovers(folder).isEmpty
                if !wrote { delay = max(0, delay + (finished ? -step : step)) }
                step = max(step * 0.7, 0.002)
            }
            #expect(try cli.run(render, in: folder).status == 0)
            expectComplete(folder.appendingPathComponent("site/nb"), "after the last render")
            #expect(try leftovers(folder) == [])
        }

        /// Waits until `process` is stopped (SIGSTOP takes effect asynchronously).
        func waitUntilStopped(_ process: Process) {
            let deadline = Date(timeIntervalSinceNow: 10)
            while Date() < deadline {
                let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
                if stat.split(separator: ")").last?.split(separator: " ").first == "T" { return }
                usleep(200)
            }
            Issue.record("the render never stopped")
        }

        @Test("SIGINT exits 130 with no staging folder left: at once before writing, and after undoing it in the middle of writing")
        func interruptWhileWriting() throws {
            let folder = try cli.workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try prepare(folder)
            let early = try start(render, in: folder)
            try waitUntilCatching(SIGINT, early)
            kill(early.processIdentifier, SIGINT)
            early.waitUntilExit()
            #expect(early.terminationReason == .exit && early.terminationStatus == 130)
            #expect(try leftovers(folder) == [])

            // Stop each render as soon as its staging folder appears, interrupt it, let it go on.
            var caught = 0
            for attempt in 0..<10 where caught < 3 {
                let process = try start(render, in: folder)
                let staging = ".nb.partial-\(process.processIdentifier)"
                while process.isRunning, try !leftovers(folder).contains(staging) { usleep(200) }
                kill(process.processIdentifier, SIGSTOP)
                if process.isRunning { waitUntilStopped(process) }
                let writing = try leftovers(folder).contains(staging)
                kill(process.processIdentifier, SIGINT)
                kill(process.processIdentifier, SIGCONT)
                process.waitUntilExit()
                expectComplete(folder.appendingPathComponent("site/nb"), "attempt \(attempt)")
                #expect(try leftovers(folder) == [], "attempt \(attempt)")
                guard writing else { continue }  // it finished before the stop: try again
                caught += 1
                // Dispatch delivers the signal to its handler asynchronously: on a loaded machine the
                // render may finish its last step and exit before the handler runs. The folder is then
                // the complete new report (checked above); only the status is the normal one.
                #expect(process.terminationReason == .exit && [0, 130].contains(process.terminationStatus), "attempt \(attempt)")
            }
            #expect(caught > 0, "a render was stopped while writing")
        }

        @Test(
            "SIGINT and SIGTERM while the render waits for another render's lock exit 130 and 143, the previous report kept",
            arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
        func signalWhileWaitingForTheLock(signal: Int32, status: Int32) throws {
            let folder = try cli.workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            let duration = try prepare(folder)
            let previous = try CommandLineTests.contents(of: folder.appendingPathComponent("site/nb"))
            let lock = open(folder.appendingPathComponent("site/.nb.lock").path, O_RDWR)
            defer { close(lock) }
            #expect(flock(lock, LOCK_EX) == 0)
            let process = try start(render, in: folder)
            usleep(useconds_t((3 * duration + 0.5) * 1_000_000))
            #expect(process.isRunning, "the render waits for the lock")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == status)
            #expect(try CommandLineTests.contents(of: folder.appendingPathComponent("site/nb")) == previous)
            #expect(try leftovers(folder) == [])
        }

        @Test("renders racing into one folder take turns: each ends with a complete report and nothing left over")
        func concurrentRenders() throws {
            let folder = try cli.workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try prepare(folder)
            for round in 0..<3 {
                let processes = try (0..<3).map { _ in try start(render, in: folder) }
                for process in processes { process.waitUntilExit() }
                #expect(processes.map(\.terminationStatus) == [0, 0, 0], "round \(round)")
                expectComplete(folder.appendingPathComponent("site/nb"), "round \(round)")
                #expect(try leftovers(folder) == [])
            }
        }
    }
#endif
