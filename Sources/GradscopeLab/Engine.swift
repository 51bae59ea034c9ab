/// The training engine's identity. `version` is part of every run's content hash: bump it whenever
/// a change can alter any recorded number, so cached results from older engines are never reused.
public enum Engine {
    public static let version = "6"
}
