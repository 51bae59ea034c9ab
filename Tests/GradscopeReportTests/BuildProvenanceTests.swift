import Foundation
import GradscopeLab
import Testing

@testable import GradscopeReport

/// What built a report is recorded with it: the exact package versions Package.swift pins, the
/// Markdown renderer's, and the CPU level of the binary.
@Suite("Build provenance: pinned packages and the manifest")
struct BuildProvenanceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// Every `.package(url: "…/NAME", REQUIREMENT: "VERSION")` in Package.swift as (NAME, REQUIREMENT, VERSION).
    static func packageDependencies() throws -> [(name: String, requirement: String, version: String)] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\.package\(\s*url:\s*"[^"]*/([^"/]+?)(?:\.git)?"\s*,\s*(\w+):\s*"([^"]+)"\s*\)"#)
        let text = manifest as NSString
        return pattern.matches(in: manifest, range: NSRange(location: 0, length: text.length)).map { match in
            (text.substring(with: match.range(at: 1)), text.substring(with: match.range(at: 2)), text.substring(with: match.range(at: 3)))
        }
    }

    @Test("Package.swift pins every dependency to an exact version, the one Libraries.swiftPackagePins lists")
    func pinsMatchTheList() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let dependencies = try Self.packageDependencies()
        #expect(dependencies.count == manifest.components(separatedBy: ".package(").count - 1, "every .package(…) entry was read")
        for dependency in dependencies {
            #expect(dependency.requirement == "exact", "\(dependency.name) is pinned with \(dependency.requirement):, not exact:")
        }
        let pinned = Dictionary(uniqueKeysWithValues: dependencies.map { ($0.name, $0.version) })
        #expect(pinned == Libraries.swiftPackagePins)
    }

    @Test("the manifest records cmark-gfm, swift-mustache, Yams and the CPU level; the appendix names the versions")
    func manifestRecordsTheBuild() throws {
        let tests = ReportBuilderTests()
        let folder = try tests.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = tests.options(folder)
        options.backendVersions = ["cairo": "1.16.0"]
        let summary = try ReportBuilder(renderer: DescribingRenderer()).render(notebookAt: folder.appendingPathComponent("tiny.md").path, options: options)
        let out = URL(fileURLWithPath: summary.outputDirectory)

        struct Manifest: Decodable {
            var gradscope: String
            var notebook: String
            var backends: [String: String]
            var libraries: [String: String]
            var cpuLevel: String
            var files: [String: String]
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest.backends == ["cairo": "1.16.0"])
        #expect(Set(manifest.libraries.keys) == ["cmark-gfm", "swift-mustache", "Yams"])
        #expect(manifest.libraries["swift-mustache"] == Libraries.swiftPackagePins["swift-mustache"])
        #expect(manifest.libraries["Yams"] == Libraries.swiftPackagePins["Yams"])
        let cmark = try #require(manifest.libraries["cmark-gfm"])
        #expect(cmark.wholeMatch(of: /\d+\.\d+\.\d+\.gfm\.\d+/) != nil, "cmark-gfm's own version string, got \(cmark)")
        #expect(manifest.cpuLevel == Engine.cpuLevel)

        let toolchain =
            "Cairo 1.16.0, cmark-gfm \(cmark), swift-mustache \(Libraries.swiftPackagePins["swift-mustache"]!), Yams \(Libraries.swiftPackagePins["Yams"]!)"
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        let markdown = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(html.contains("<dd>\(Toolchain.swift), \(toolchain)</dd>"))
        #expect(markdown.contains("- **Toolchain:** \(Toolchain.swift), \(toolchain)\n"))

        // The new keys leave the manifest what ReportFolder reads to recognise a report it may replace.
        #expect(try ReportFolder.isReplaceable(out.path))
    }
}
