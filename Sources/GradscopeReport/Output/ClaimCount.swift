/// A number of claims as prose, in the singular for one: "1 claim", "2 claims".
public enum ClaimCount {
    public static func text(_ count: Int) -> String {
        count == 1 ? "1 claim" : "\(count) claims"
    }
}
