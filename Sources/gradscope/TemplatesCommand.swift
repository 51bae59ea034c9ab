import ArgumentParser
import GradscopeReport

struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the report templates.",
        subcommands: [Export.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in templates into a folder, to edit and use with `render --templates DIR`."
        )

        @Argument(help: "The folder to write (html/ and markdown/ inside it).")
        var directory: String

        @Flag(help: "Overwrite templates that were edited since an earlier export.")
        var force = false

        func run() throws {
            for path in try ReportTemplates.export(to: directory, force: force) { print(LogLine.safe(path)) }
        }
    }
}
