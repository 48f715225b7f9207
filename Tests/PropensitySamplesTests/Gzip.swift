import CZlib

/// Reads a whole gzip file (or a plain file: zlib passes it through) into bytes.
func readGzip(_ path: String) -> [UInt8]? {
    guard let file = gzopen(path, "rb") else { return nil }
    defer { gzclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if n < 0 { return nil }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<Int(n)])
    }
    return bytes
}

/// The lines of a text file read with `readGzip`, without line ends.
func readGzipLines(_ path: String) -> [String]? {
    guard let bytes = readGzip(path) else { return nil }
    return bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        .map { String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0,
                      as: UTF8.self) }
        .filter { !$0.isEmpty }
}
