import CZlib

/// The wrapper of zlib: inflates gzip or zlib streams chunk by chunk.
///
/// Concatenated gzip members (as `cat a.gz b.gz` makes) are read as one stream.
final class GzipInflater {
    private var stream = z_stream()
    private var finished = false
    /// zlib writes here, then the bytes are appended to the caller's array in one copy.
    private let scratch: UnsafeMutableRawBufferPointer

    init() throws {
        scratch = .allocate(byteCount: 1 << 18, alignment: 16)
        // 15 + 32: largest window, and detect gzip or zlib headers automatically.
        let status = inflateInit2_(
            &stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            scratch.deallocate()
            throw DataError(.malformed, "zlib could not start (status \(status))")
        }
    }

    deinit {
        inflateEnd(&stream)
        scratch.deallocate()
    }

    /// Whether the last stream member ended cleanly.
    var isFinished: Bool { finished }

    private func failure(_ status: Int32) -> DataError {
        let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
        return DataError(.malformed, "corrupt gzip data (\(reason))")
    }

    /// Inflates all of `input`, appending the output to `output`.
    func inflate(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws {
        guard let base = input.baseAddress, !input.isEmpty else { return }
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
            stream.next_out = scratch.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(scratch.count)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let produced = scratch.count - Int(stream.avail_out)
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<produced]))
            switch status {
            case Z_STREAM_END:
                finished = true
            case Z_OK, Z_BUF_ERROR:
                // Done with this input once it is consumed and zlib had room to spare.
                if stream.avail_in == 0 && stream.avail_out > 0 { return }
            default:
                throw failure(status)
            }
        }
    }

    /// Inflates a whole in-memory gzip or zlib block into exactly `expected` bytes.
    static func inflateAll(_ input: UnsafeRawBufferPointer, expected: Int) throws -> [UInt8] {
        try GzipInflater().inflateExactly(input, expected: expected)
    }

    private func inflateExactly(
        _ input: UnsafeRawBufferPointer, expected: Int
    ) throws -> [UInt8] {
        guard let base = input.baseAddress, !input.isEmpty else {
            throw DataError(.malformed, "empty gzip block where \(expected) bytes were expected")
        }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        var status: Int32 = Z_OK
        let output = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(expected)
            status = CZlib.inflate(&stream, Z_FINISH)
            count = expected - Int(stream.avail_out)
        }
        guard status == Z_STREAM_END, output.count == expected else {
            if status != Z_OK && status != Z_BUF_ERROR { throw failure(status) }
            throw DataError(
                .malformed, "gzip block does not inflate to the \(expected) bytes announced")
        }
        return output
    }
}
