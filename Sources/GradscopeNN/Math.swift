#if canImport(Glibc)
    @_exported import func Glibc.exp
    @_exported import func Glibc.log
    @_exported import func Glibc.log1p
    @_exported import func Glibc.tanh
    @_exported import func Glibc.erf
    @_exported import func Glibc.cos
    @_exported import func Glibc.sin
    @_exported import func Glibc.pow
#elseif canImport(Darwin)
    @_exported import func Darwin.exp
    @_exported import func Darwin.log
    @_exported import func Darwin.log1p
    @_exported import func Darwin.tanh
    @_exported import func Darwin.erf
    @_exported import func Darwin.cos
    @_exported import func Darwin.sin
    @_exported import func Darwin.pow
#endif
