/// A setting of a `RunSpec` that a `SpecProblem` can be about. Whoever maps problems back to
/// where a setting was written (a notebook line, a command-line flag) switches over every case,
/// so a new field cannot be left without a location.
public enum SpecField: String, CaseIterable, Sendable {
    case dataset
    case datasetSamples = "dataset.samples"
    case datasetValidationFraction = "dataset.validationFraction"
    case datasetClasses = "dataset.classes"
    case datasetCSVPath = "dataset.csvPath"
    case datasetCSVTarget = "dataset.csvTarget"
    case activation, depth, width, initializer
    case optimizer
    case learningRate = "optimizer.learningRate"
    case momentum = "optimizer.momentum"
    case beta1 = "optimizer.beta1"
    case beta2 = "optimizer.beta2"
    case epsilon = "optimizer.epsilon"
    case clipNorm = "optimizer.clipNorm"
    case loss, batchSize, epochs, histogramBins
}
