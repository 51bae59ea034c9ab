import Foundation
import Testing

/// `gradscope train`'s flags are parsed into the engine's types where they are read: a bad value
/// names its flag, and the spirals' classes can be set.
@Suite("train's run flags")
struct TrainFlagTests {
    let cli = CommandLineTests()

    @Test("--classes sets the spirals' arms: the output layer has that many units, the spec records them")
    func spiralClasses() throws {
        let folder = try cli.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try cli.run(
            [
                "train", "--dataset", "spirals", "--classes", "3", "--loss", "cross_entropy", "--samples", "60",
                "--depth", "1", "--width", "4", "--epochs", "0", "--json",
            ], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let dataset = (result?["spec"] as? [String: Any])?["dataset"] as? [String: Any]
        #expect(dataset?["classes"] as? Int == 3 && dataset?["name"] as? String == "spirals")
        #expect((result?["layerSizes"] as? [Int])?.last == 3)
    }

    @Test(
        "a bad run flag is one line naming the flag, exit status 2",
        arguments: [
            (["--activation", "swish"], "--activation: unknown activation 'swish'"),
            (["--init", "normal(x)"], "--init: unknown initializer 'normal(x)'"),
            (["--optimizer", "rmsprop"], "--optimizer: unknown optimizer 'rmsprop'"),
            (["--optimizer", "adam", "--momentum", "0.5"], "--momentum: momentum applies to the momentum and nesterov optimizers only, not adam"),
            (["--optimizer", "momentum", "--momentum", "1.5"], "--momentum: momentum must be in [0, 1), got 1.5"),
            (["--classes", "3"], "--classes: classes apply to spirals only"),
            (["--dataset", "spirals", "--loss", "cross_entropy", "--classes", "1"], "--classes: spirals need 2 to 100 classes, got 1"),
            (["--dataset", "spirals"], "--loss: the spirals dataset is a classification task"),
            (["--dataset", "csv", "--target", "y"], "--csv: a csv dataset needs a file path"),
            (["--lr", "0"], "--lr: learning rate must be a positive number, got 0.0"),
        ])
    func badFlag(flags: [String], message: String) throws {
        let folder = try cli.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try cli.run(["train", "--epochs", "0"] + flags, in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count <= 2, "one line (ArgumentParser may add a usage hint): \(outcome.stderr)")
    }
}
