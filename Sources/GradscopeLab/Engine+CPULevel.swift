extension Engine {
    /// The CPU level this binary's kernels were compiled for, from the compilation condition that
    /// `make build CPU=portable|x86-64-v3|native` sets (native names the CPU model it picked):
    /// "portable", "x86-64-v3", "haswell" or "skylake-avx512"; "unspecified" for a build without
    /// one (plain `swift build`: the toolchain's baseline unless other flags say otherwise).
    /// Recorded in the manifest; not part of a run's identity, since every level gives the same numbers.
    public static var cpuLevel: String {
        #if GRADSCOPE_CPU_SKYLAKE_AVX512
            "skylake-avx512"
        #elseif GRADSCOPE_CPU_HASWELL
            "haswell"
        #elseif GRADSCOPE_CPU_X86_64_V3
            "x86-64-v3"
        #elseif GRADSCOPE_CPU_PORTABLE
            "portable"
        #else
            "unspecified"
        #endif
    }
}
