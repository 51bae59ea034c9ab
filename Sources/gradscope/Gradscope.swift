import ArgumentParser
import Foundation
import GradscopeReport

/// The command line: glue between the argument parser and the library. Exit status: 0 success,
/// 1 a claim failed, 2 bad input or usage.
@main
struct Gradscope: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradscope",
        abstract: "Turn a notebook of deep-network experiments into a reproducible static report on gradient flow.",
        discussion: """
            A notebook is Markdown with fenced `gradscope` cells holding YAML. Each cell trains the \
            multilayer perceptrons it describes, and its figures, tables and checked claims appear right \
            after it in the report. See README.md for the notebook format.

            Exit status: 0 success, 1 a claim failed, 2 bad input or usage.
            """,
        version: GradscopeVersion.current,
        subcommands: [RenderCommand.self, CheckCommand.self, PlanCommand.self, CacheCommand.self, TrainCommand.self, BenchCommand.self, TemplatesCommand.self]
    )

    /// Parses and runs, mapping every failure to the documented exit status with a one-line message
    /// (input errors also as workflow commands under `--annotations github`).
    static func main() {
        var annotations = Annotations.standard()
        do {
            var command = try parseAsRoot()
            if let annotating = command as? any AnnotatingCommand { annotations = annotating.runOptions.annotationStyle }
            try command.run()
        } catch let error as NotebookError {
            InputErrorPrinter.print([error], annotations: annotations)
            Foundation.exit(ExitStatus.badInput)
        } catch let errors as NotebookErrors {
            InputErrorPrinter.print(errors.errors, annotations: annotations)
            Foundation.exit(ExitStatus.badInput)
        } catch let status as ExitCode {
            Foundation.exit(status.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            // One line for the problem, one pointing at the help (ArgumentParser adds a usage line).
            let hint = fullMessage(for: error).split(separator: "\n").first { $0.contains("--help") }
            let lines = ["gradscope: error: \(message(for: error))"] + (hint.map { [$0.trimmingCharacters(in: .whitespaces)] } ?? [])
            FileHandle.standardError.write(Data(lines.map { LogLine.safe($0) + "\n" }.joined().utf8))
            Foundation.exit(ExitStatus.badInput)
        }
    }
}

enum ExitStatus {
    static let success: Int32 = 0
    static let claimFailed: Int32 = 1
    static let badInput: Int32 = 2
}
