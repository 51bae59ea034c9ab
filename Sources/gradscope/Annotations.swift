import ArgumentParser
import Foundation
import GradscopeReport

/// `--annotations`: whether failed claims and input errors are also printed as GitHub Actions
/// workflow commands, which put them on the pull request's diff line.
enum Annotations: String, ExpressibleByArgument, CaseIterable {
    case github
    case off = "none"

    /// `github` when `GITHUB_ACTIONS` is "true" (the runner sets it in every step), else `none`.
    static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> Annotations {
        environment["GITHUB_ACTIONS"] == "true" ? .github : .off
    }

    /// `::error file=…,line=…,title=claim failed::…` for a failed claim: its text, cell and seeds,
    /// then the numbers measured, one per line. Nil when off or the claim passed.
    func command(for claim: ClaimSummary, workingDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard self == .github, !claim.passed else { return nil }
        let message = (["\(claim.text) [\(claim.cell)] (\(claim.seeds))"] + claim.evidence).map(TerminalText.safe).joined(separator: "\n")
        return WorkflowCommand.error(message, title: "claim failed", file: Self.path(claim.file, workingDirectory), line: claim.line)
    }

    /// `::error file=…,line=…,col=…,title=input error::…` for an input error; nil when off.
    func command(for error: NotebookError, workingDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard self == .github else { return nil }
        return WorkflowCommand.error(
            TerminalText.safe(error.message), title: "input error", file: Self.path(error.file, workingDirectory),
            line: error.line, column: error.column)
    }

    /// GitHub resolves an annotation's file against the repository root, the step's working
    /// directory: a path inside it is given relative to it, any other as it was given.
    private static func path(_ path: String, _ workingDirectory: String) -> String {
        WorkingDirectoryPath.relative(path, to: workingDirectory) ?? path
    }
}

/// A command whose `RunOptions` choose the annotations of the input errors it throws.
protocol AnnotatingCommand {
    var runOptions: RunOptions { get }
}

extension RenderCommand: AnnotatingCommand {}
extension CheckCommand: AnnotatingCommand {}

/// Input errors on stderr: `gradscope: file:line:column: error: message`, each followed by its
/// workflow command when annotations are on.
enum InputErrorPrinter {
    static func print(_ errors: [NotebookError], annotations: Annotations) {
        var text = ""
        for error in errors {
            text += LogLine.safe("gradscope: \(error)") + "\n"
            if let command = annotations.command(for: error) { text += command + "\n" }
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
