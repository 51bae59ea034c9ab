import GradscopeCairo

/// The drawing back end's versions, recorded in the manifest and the reproducibility appendix.
enum Backend {
    static var versions: [String: String] { ["cairo": CairoFigureRenderer.cairoVersion] }
}
