import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file-system call that failed, as one line: the path and the system's reason.
struct FileSystemError: Error, CustomStringConvertible {
    var path: String
    var reason: String

    init(_ path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The failure `errno` describes.
    init(_ path: String, errno code: Int32 = errno) {
        self.init(path, reason: String(cString: strerror(code)))
    }

    var description: String { "\(path): \(reason)" }
}

/// The few POSIX calls the report writer needs, with one-line errors instead of NSError dumps.
/// Paths are used as given (relative to the working directory or absolute).
enum FileSystem {
    enum Kind {
        case absent, directory, symbolicLink, file, other
    }

    /// What is at `path`, not following a final symbolic link. A parent that is not a folder counts as absent.
    static func kind(_ path: String) throws -> Kind {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return .absent }
            throw FileSystemError(path)
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// Whether `path` is a folder, following symbolic links (an output root may be a link to one).
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws {
        if isDirectory(path) { return }
        let parent = parent(of: path)
        if parent != path { try makeDirectories(parent) }
        guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw FileSystemError(path) }
        guard isDirectory(path) else { throw FileSystemError(path, reason: "exists and is not a folder") }
    }

    /// Creates `path` holding `data`; fails if something is already there.
    static func writeNewFile(_ path: String, _ data: Data) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileSystemError(path) }
        var failure: Int32?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure { throw FileSystemError(path, errno: failure) }
    }

    /// The names in folder `path`, without `.` and `..`.
    static func entries(of path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw FileSystemError(path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `rename(2)`: moves `source` to `destination`, replacing an empty folder or a file there.
    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else {
            throw FileSystemError(source, reason: "cannot move to \(destination): \(String(cString: strerror(errno)))")
        }
    }

    /// Swaps the two existing paths in one atomic step, so each name always names one complete
    /// thing. Returns false when the kernel or file system cannot (then nothing changed).
    static func exchange(_ first: String, _ second: String) throws -> Bool {
        #if canImport(Glibc)
            guard let renameat2 = Exchange.renameat2 else { return false }
            if renameat2(AT_FDCWD, first, AT_FDCWD, second, Exchange.flag) == 0 { return true }
        #else
            if renamex_np(first, second, UInt32(RENAME_SWAP)) == 0 { return true }
        #endif
        if [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(errno) { return false }
        throw FileSystemError(first, reason: "cannot swap with \(second): \(String(cString: strerror(errno)))")
    }

    /// Removes `path` and everything under it, if it is there; best effort (used on gradscope's own
    /// leftovers, which the next render retries).
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path` without its last component: "." for a bare name, "/" for a name at the root.
    /// (Foundation's `deletingLastPathComponent` traps on one-character paths on Linux.)
    static func parent(of path: String) -> String {
        var path = Substring(path)
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

#if canImport(Glibc)
    /// `renameat2(…, RENAME_EXCHANGE)`, looked up at run time: Swift's Glibc does not declare it and
    /// cannot call the variadic `syscall`. Nil when the C library lacks it (glibc before 2.28).
    private enum Exchange {
        typealias Function = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        static let flag: UInt32 = 1 << 1  // RENAME_EXCHANGE, <linux/fs.h>
        static let renameat2: Function? = dlsym(dlopen(nil, RTLD_NOW), "renameat2").map { unsafeBitCast($0, to: Function.self) }
    }
#endif
