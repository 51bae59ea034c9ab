import Crypto

/// Which shard trains which run, when a sweep is split over `count` machines that share nothing but
/// the rule: every machine computes the same assignment from the same plan, with no coordinator.
///
/// The rule, for distinct runs (content hashes) with estimated costs c and N shards:
///
/// 1. Each run ranks the shards by rendezvous (highest-random-weight) hashing: shard s scores
///    the first 8 bytes of SHA-256("gradscope-shard\n<hash>\n<s>"), and the run prefers shards
///    in decreasing score (ties: lower index). A shard's score does not depend on N or on the
///    other runs.
/// 2. Runs are placed one at a time, most expensive first (ties: smaller hash), each on the
///    first shard of its ranking whose load stays within the capacity (1 + `slack`) × Σc / N;
///    when no shard has room, on the least-loaded one (ties: lower index).
///
/// Guarantees: the assignment depends only on the set of (hash, cost) pairs, not on their
/// order or on where the plan runs. No shard gets more than max((1 + slack) × Σc / N,
/// Σc / N + the largest c) of estimated cost (a run that fits nowhere goes to a shard below the
/// average). A run keeps its shard as long as its preferred shards keep room for it, so adding a
/// run to a plan moves few others: none when the capacity binds nowhere (pure rendezvous
/// hashing), a handful when it does (the capacity grows by c / N and the new run takes room
/// from the runs placed after it). Going from N to N + 1 shards moves about 1 / (N + 1) of the
/// runs for the same reason.
public struct ShardAssignment: Sendable, Equatable {
    /// Shards, at least 1.
    public let count: Int
    /// Each distinct hash's shard, 1-based.
    public let shardOfHash: [String: Int]
    /// Estimated cost per shard (index 0 is shard 1).
    public let loads: [Double]

    /// The capacity's slack over the average load.
    public static let slack = 0.05

    /// Assigns `runs` (duplicate hashes count once, with their first cost) to `count` shards.
    public init(runs: [(hash: String, cost: Double)], count: Int) {
        precondition(count >= 1, "a sweep has at least one shard")
        var costOfHash: [String: Double] = [:]
        for run in runs where costOfHash[run.hash] == nil { costOfHash[run.hash] = max(run.cost, 0) }
        let order = costOfHash.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let total = order.reduce(0) { $0 + $1.value }
        let capacity = (1 + Self.slack) * total / Double(count)
        var loads = Array(repeating: 0.0, count: count)
        var shardOfHash: [String: Int] = [:]
        for (hash, cost) in order {
            let ranking = Self.ranking(of: hash, count: count)
            let shard =
                ranking.first { loads[$0] + cost <= capacity }
                ?? loads.indices.min { (loads[$0], $0) < (loads[$1], $1) }!
            loads[shard] += cost
            shardOfHash[hash] = shard + 1
        }
        self.count = count
        self.shardOfHash = shardOfHash
        self.loads = loads
    }

    /// Shard indices (0-based) in the order `hash` prefers them.
    static func ranking(of hash: String, count: Int) -> [Int] {
        let scores = (0..<count).map { score(hash, shard: $0 + 1) }
        return (0..<count).sorted { (scores[$0], $1) > (scores[$1], $0) }
    }

    /// The rendezvous weight of `shard` (1-based) for `hash`.
    static func score(_ hash: String, shard: Int) -> UInt64 {
        let digest = SHA256.hash(data: Array("gradscope-shard\n\(hash)\n\(shard)".utf8))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
