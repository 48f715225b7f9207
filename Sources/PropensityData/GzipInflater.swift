import CZlib

/// The wrapper of zlib: inflates gzip or zlib streams chunk by chunk.
///
/// Concatenated gzip members (as `cat a.gz b.gz` makes) are read as one stream.
final class GzipInflater {
    private var stream = z_stream()
    private var finished = false

    init() throws {
        // 15 + 32: largest window, and detect gzip or zlib headers automatically.
        let status = inflateInit2_(
            &stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw DataError(.malformed, "zlib could not start (status \(status))")
        }
    }

    deinit { inflateEnd(&stream) }

    /// Inflates all of `input`, appending the output to `output`.
    func inflate(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        let chunk = max(1 << 16, min(input.count * 4, 1 << 22))
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            if finished {
                guard stream.avail_in > 0 else { return }
                // Another gzip member follows the one that ended.
                guard inflateReset(&stream) == Z_OK else {
                    throw DataError(.malformed, "zlib could not restart for the next member")
                }
                finished = false
            }
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: chunk))
            let status = output.withUnsafeMutableBytes { buffer in
                stream.next_out = (buffer.baseAddress! + start).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(chunk)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let unused = Int(stream.avail_out)
            output.removeLast(unused)
            switch status {
            case Z_STREAM_END:
                finished = true
            case Z_OK, Z_BUF_ERROR:
                // Done with this input once it is consumed and zlib had room to spare.
                if stream.avail_in == 0 && unused > 0 { return }
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw DataError(.malformed, "corrupt gzip data (\(reason))")
            }
        }
    }

    /// Whether the last stream member ended cleanly.
    var isFinished: Bool { finished }

    /// Inflates a whole in-memory gzip or zlib block into exactly `expected` bytes.
    static func inflateAll(_ input: UnsafeRawBufferPointer, expected: Int) throws -> [UInt8] {
        let inflater = try GzipInflater()
        var output: [UInt8] = []
        output.reserveCapacity(expected)
        try inflater.inflate(input, appendingTo: &output)
        guard inflater.isFinished, output.count == expected else {
            throw DataError(
                .malformed, "gzip block gave \(output.count) bytes, expected \(expected)")
        }
        return output
    }
}
