import Foundation
import Testing

/// `make build CPU=portable|x86-64-v3|native` compiles for that level and records it in the binary
/// through a compilation condition that `Engine.cpuLevel` turns back into the level's name.
@Suite("Build CPU levels")
struct BuildLevelTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// The `swift build` line `make -n build CPU=…` would run, and make's exit status and stderr. The
    /// make that runs the tests (`make test CPU=…`, or a workflow's `CPU` variable) passes nothing on.
    func buildCommand(_ arguments: [String]) throws -> (status: Int32, command: String?, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["make", "--no-print-directory", "-n", "-C", Self.root.path, "build"] + arguments
        let inherited: Set = ["CPU", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL"]
        process.environment = ProcessInfo.processInfo.environment.filter { !inherited.contains($0.key) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let command = stdout.split(separator: "\n").first { $0.contains(" build -c release") }.map(String.init)
        return (process.terminationStatus, command, stderr)
    }

    /// The levels `Engine.cpuLevel` knows, by the compilation condition that selects each, read from its source.
    static func recordedLevels() throws -> [String: String] {
        let source = try String(contentsOf: root.appendingPathComponent("Sources/GradscopeLab/Engine+CPULevel.swift"), encoding: .utf8)
        var levels: [String: String] = [:]
        for match in source.matches(of: /#(?:else)?if (GRADSCOPE_CPU_\w+)\s*\n\s*"([^"]+)"/) { levels[String(match.1)] = String(match.2) }
        return levels
    }

    @Test("portable and x86-64-v3 build with their flags and the condition naming the level, which the binary records")
    func namedLevels() throws {
        let levels = try Self.recordedLevels()
        let portable = try buildCommand(["CPU=portable"])
        #expect(portable.status == 0, "\(portable.stderr)")
        let portableCommand = try #require(portable.command)
        #expect(!portableCommand.contains("-march") && !portableCommand.contains("-target-cpu"), "\(portableCommand)")
        #expect(portableCommand.hasSuffix("-Xswiftc -DGRADSCOPE_CPU_PORTABLE"))
        #expect(levels["GRADSCOPE_CPU_PORTABLE"] == "portable")

        let v3 = try buildCommand(["CPU=x86-64-v3"])
        #expect(v3.status == 0, "\(v3.stderr)")
        #expect(v3.command?.hasSuffix("-Xcc -march=x86-64-v3 -Xswiftc -DGRADSCOPE_CPU_X86_64_V3") == true, "\(v3.command ?? "none")")
        #expect(levels["GRADSCOPE_CPU_X86_64_V3"] == "x86-64-v3")
    }

    @Test("native (the default) builds for the CPU model scripts/cpu-level picks, a level the binary can name")
    func nativeLevel() throws {
        let levels = try Self.recordedLevels()
        for model in ["skylake-avx512", "haswell"] {
            #expect(levels["GRADSCOPE_CPU_" + model.uppercased().replacingOccurrences(of: "-", with: "_")] == model)
        }
        let native = try buildCommand([])
        #expect(native.status == 0, "\(native.stderr)")
        let command = try #require(native.command)
        let condition = try #require(command.split(separator: " ").last.map(String.init))
        let level = try #require(levels[String(condition.dropFirst("-D".count))], "\(command)")
        #expect(level == "portable" ? !command.contains("-march") : command.contains("-Xcc -march=\(level) "))
        #expect(try buildCommand(["CPU=native"]).command == command)
    }

    @Test("another CPU value stops make with one line naming the choices")
    func unknownLevel() throws {
        let outcome = try buildCommand(["CPU=pentium4"])
        #expect(outcome.status == 2)
        #expect(outcome.command == nil)
        #expect(outcome.stderr.contains("CPU=pentium4: expected native, portable or x86-64-v3"))
    }
}
