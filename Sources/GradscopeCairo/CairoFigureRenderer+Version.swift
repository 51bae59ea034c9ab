import CCairo

extension CairoFigureRenderer {
    /// The Cairo library's version at run time ("1.16.0"): output bytes depend on it.
    public static var cairoVersion: String { String(cString: cairo_version_string()) }
}
