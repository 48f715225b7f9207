import CZstd

/// One-shot zstd decompression of a Parquet page (Debian's libzstd).
enum Zstd {
    /// Decompresses `source`, which must expand to exactly `size` bytes.
    static func decompress(_ source: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let written = output.withUnsafeMutableBytes { target in
            ZSTD_decompress(target.baseAddress, size, source.baseAddress, source.count)
        }
        if ZSTD_isError(written) != 0 {
            let name = String(cString: ZSTD_getErrorName(written))
            throw DataError(.malformed, "zstd page does not decompress (\(name))")
        }
        guard written == size else {
            throw DataError(
                .malformed, "zstd page gives \(written) bytes, the header says \(size)")
        }
        output.removeLast(output.count - size)
        return output
    }
}
