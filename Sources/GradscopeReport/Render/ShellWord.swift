/// A word for a POSIX shell command line: as it is when it holds only safe characters, else in
/// single quotes (a single quote inside written as '\'').
enum ShellWord {
    static func quoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./+,:@".unicodeScalars.contains($0))
        }
        guard !safe || word.isEmpty else { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
