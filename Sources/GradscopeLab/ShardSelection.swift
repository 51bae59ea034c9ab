/// One shard of a sweep: `index` of `count`, 1-based (`--shard 2/4`), given on the command line
/// or read from the variables a scheduler sets (`--shard auto`).
public struct ShardSelection: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// Shards a sweep may be split into: far more than any plan has runs.
    public static let maxCount = 100_000

    public init(index: Int, count: Int) throws(ShardSelectionError) {
        guard (1...Self.maxCount).contains(count) else {
            throw ShardSelectionError("the shard count must be 1 to \(Self.maxCount), got \(count)")
        }
        guard (1...count).contains(index) else {
            throw ShardSelectionError("shard \(index) of \(count) does not exist: the index runs from 1 to \(count)")
        }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// `i/N` (1-based), or `auto` (read from `environment`, see `init(environment:)`).
    public init(parsing text: String, environment: [String: String]) throws(ShardSelectionError) {
        if text == "auto" {
            try self.init(environment: environment)
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Self.number(parts[0]), let count = Self.number(parts[1]) else {
            throw ShardSelectionError("--shard takes INDEX/COUNT from 1 (e.g. 2/4) or auto, got '\(Self.excerpt(text))'")
        }
        try self.init(index: index, count: count)
    }

    /// The shard a scheduler gave this process, from exactly one of:
    ///
    /// - `GRADSCOPE_SHARD_INDEX` (1-based) and `GRADSCOPE_SHARD_COUNT`: set them yourself, e.g.
    ///   from a GitHub Actions matrix;
    /// - `JOB_COMPLETION_INDEX` (0-based, a Kubernetes Indexed Job) and `GRADSCOPE_SHARD_COUNT`
    ///   (the Job's `completions`);
    /// - `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_COUNT` and `SLURM_ARRAY_TASK_MIN` (a Slurm job
    ///   array, any range such as `--array=1-4` or `0-7`; with `SLURM_ARRAY_TASK_STEP`, a stepped
    ///   one): shard (ID − MIN) / STEP + 1 of COUNT. An array with gaps (`--array=1,3,8`) is refused.
    ///
    /// None of them, more than one, a missing partner or a value that is not a shard of the count
    /// is an error naming the variables.
    public init(environment: [String: String]) throws(ShardSelectionError) {
        let sources = ["GRADSCOPE_SHARD_INDEX", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"].filter { environment[$0] != nil }
        guard sources.count == 1 else {
            let found = sources.isEmpty ? "none is set" : "\(sources.joined(separator: " and ")) are set: keep only one"
            throw ShardSelectionError(
                "--shard auto needs one of GRADSCOPE_SHARD_INDEX (1-based) with GRADSCOPE_SHARD_COUNT, JOB_COMPLETION_INDEX (0-based, Kubernetes) with GRADSCOPE_SHARD_COUNT, or SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN (Slurm); \(found)"
            )
        }
        switch sources[0] {
        case "GRADSCOPE_SHARD_INDEX":
            let index = try Self.variable("GRADSCOPE_SHARD_INDEX", in: environment)
            let count = try Self.variable("GRADSCOPE_SHARD_COUNT", in: environment)
            try self.init(
                checking: index, count, "GRADSCOPE_SHARD_INDEX=\(index) with GRADSCOPE_SHARD_COUNT=\(count) is not a shard (the index runs from 1 to the count)"
            )
        case "JOB_COMPLETION_INDEX":
            let index = try Self.variable("JOB_COMPLETION_INDEX", in: environment)
            let count = try Self.variable("GRADSCOPE_SHARD_COUNT", in: environment)
            try self.init(
                checking: index + 1, count,
                "JOB_COMPLETION_INDEX=\(index) with GRADSCOPE_SHARD_COUNT=\(count) is not a shard (the index runs from 0 to the count − 1: set GRADSCOPE_SHARD_COUNT to the Job's completions)"
            )
        default:
            let id = try Self.variable("SLURM_ARRAY_TASK_ID", in: environment)
            let count = try Self.variable("SLURM_ARRAY_TASK_COUNT", in: environment)
            let minimum = try Self.variable("SLURM_ARRAY_TASK_MIN", in: environment)
            let step = try Self.variable("SLURM_ARRAY_TASK_STEP", in: environment, absent: 1)
            let maximum = try Self.variable("SLURM_ARRAY_TASK_MAX", in: environment, absent: minimum + (count - 1) * step)
            var what = "SLURM_ARRAY_TASK_ID=\(id) with SLURM_ARRAY_TASK_MIN=\(minimum), SLURM_ARRAY_TASK_COUNT=\(count)"
            if environment["SLURM_ARRAY_TASK_STEP"] != nil { what += ", SLURM_ARRAY_TASK_STEP=\(step)" }
            if environment["SLURM_ARRAY_TASK_MAX"] != nil { what += ", SLURM_ARRAY_TASK_MAX=\(maximum)" }
            guard step >= 1, (id - minimum) % step == 0, maximum - minimum == (count - 1) * step else {
                throw ShardSelectionError("--shard auto: \(what) is not one task of an evenly spaced array: submit a range such as --array=1-\(max(count, 1))")
            }
            try self.init(checking: (id - minimum) / step + 1, count, "\(what) is not a shard (shard (ID − MIN) / STEP + 1 must lie in 1 to COUNT)")
            if let stated = environment["GRADSCOPE_SHARD_COUNT"], Self.number(Substring(stated)) != count {
                throw ShardSelectionError(
                    "--shard auto: GRADSCOPE_SHARD_COUNT=\(Self.excerpt(stated)) disagrees with SLURM_ARRAY_TASK_COUNT=\(count); unset it or make them equal")
            }
        }
    }

    /// `init(index:count:)`, with an error that names the variables the numbers came from.
    private init(checking index: Int, _ count: Int, _ problem: String) throws(ShardSelectionError) {
        guard let shard = try? ShardSelection(index: index, count: count) else {
            throw ShardSelectionError("--shard auto: \(problem)")
        }
        self = shard
    }

    /// The whole number in variable `name`; `absent` when it is not set (nil: an error).
    private static func variable(_ name: String, in environment: [String: String], absent: Int? = nil) throws(ShardSelectionError) -> Int {
        guard let text = environment[name] else {
            guard let absent else { throw ShardSelectionError("--shard auto: \(name) is not set") }
            return absent
        }
        guard let value = number(Substring(text)) else {
            throw ShardSelectionError("--shard auto: \(name) must be a whole number, got '\(excerpt(text))'")
        }
        return value
    }

    /// A plain decimal number (digits only, at most 9 of them), or nil.
    private static func number(_ text: Substring) -> Int? {
        guard (1...9).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// At most 40 characters of a value, for an error message.
    private static func excerpt(_ text: String) -> String {
        text.count <= 40 ? text : text.prefix(40) + "…"
    }
}

/// A `--shard` value or a scheduler's variables that do not name a shard.
public struct ShardSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
