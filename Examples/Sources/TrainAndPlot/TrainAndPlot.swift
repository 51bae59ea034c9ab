import Foundation
import GradscopeCairo
import GradscopeCharts
import GradscopeNN

/// Trains a 3 × 32 tanh network on two interleaved spirals with Adam and writes its training loss
/// per epoch as a chart: `TrainAndPlot [OUTPUT.png]` (default `loss.png`). Everything it uses is
/// gradscope's public API; the numbers are the same on every run. Fails unless the loss falls.
@main
struct TrainAndPlot {
    static let epochs = 60, batchSize = 32

    static func main() throws {
        let output = CommandLine.arguments.dropFirst().first ?? "loss.png"
        let data = Spirals.generate(samples: 256, classes: 2, seed: 7)
        let losses = train(on: data)
        let chart = ChartSpec(panels: [
            Panel(
                title: "Two spirals, 3 × 32 tanh, Adam", xAxis: AxisSpec(label: "epoch"), yAxis: AxisSpec(label: "training loss", scale: .log10),
                content: .lines([Series(name: "tanh", xs: losses.indices.map { Double($0 + 1) }, ys: losses)]))
        ])
        let figure = try CairoFigureRenderer().render(chart, formats: [.png])
        try Data(figure.files[.png]!).write(to: URL(fileURLWithPath: output))
        print("trained \(epochs) epochs: loss \(losses.first!) → \(losses.last!); wrote \(output)")
        guard losses.last! < losses.first! / 2 else {
            print("error: the loss did not halve")
            exit(1)
        }
    }

    /// The mean loss over `data` after each epoch of mini-batch training.
    static func train(on data: Dataset) -> [Double] {
        let mlp = MLP(inputs: data.features.cols, width: 32, depth: 3, outputs: data.outputs, activation: .tanh)
        mlp.initialize(.auto, seed: 11)
        let optimizer = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.05, for: mlp)
        let session = Session(mlp: mlp, loss: .crossEntropy, optimizer: optimizer, capacity: data.count, targetColumns: data.targets.cols)
        var random = Xoshiro256StarStar(seed: 3)
        var order = Array(0..<data.count)
        var losses: [Double] = []
        for _ in 0..<epochs {
            random.shuffle(&order)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                session.trainStep(data, rows: order[start..<min(start + batchSize, order.count)])
            }
            losses.append(session.evaluate(data).loss)
        }
        return losses
    }
}
