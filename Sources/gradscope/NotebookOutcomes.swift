import ArgumentParser
import Foundation
import GradscopeReport

/// The exit status of a command that names several notebooks: the worst of theirs
/// (2 bad input > 1 a claim failed > 0).
struct WorstStatus {
    private(set) var status = ExitStatus.success

    mutating func note(_ status: Int32) {
        self.status = max(self.status, status)
    }

    /// Throws the status unless it is success.
    func exit() throws {
        if status != ExitStatus.success { throw ExitCode(status) }
    }
}

/// Input errors as gradscope prints them: one line each on stderr, made safe for the terminal and
/// the CI log, each followed by its workflow command when annotating (`InputErrorPrinter`).
enum InputErrors {
    static func print(_ errors: NotebookErrors, annotations: Annotations) {
        InputErrorPrinter.print(errors.errors, annotations: annotations)
    }
}

extension RunOptions {
    /// Appends each notebook's job summary (`writeSummary`), stopping at the first summary file
    /// that cannot be written: its one-line error is printed once and the status is 2.
    func writeSummaries(_ summaries: [(title: String, claims: [ClaimSummary], report: String?)], into status: inout WorstStatus) {
        for summary in summaries {
            do {
                try writeSummary(title: summary.title, claims: summary.claims, report: summary.report)
            } catch {
                InputErrors.print(
                    NotebookErrors(errors: [error as? NotebookError ?? NotebookError(file: summaryFile ?? "", "\(error)")]), annotations: annotationStyle)
                status.note(ExitStatus.badInput)
                return
            }
        }
    }
}
