import CSnappy

/// The wrapper of libsnappy: raw Snappy blocks as Parquet writes them.
enum Snappy {
    /// The decompressed size a Snappy block announces in its preamble, nil if unreadable.
    static func uncompressedLength(_ input: UnsafeRawBufferPointer) -> Int? {
        guard let source = input.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            return nil
        }
        var length = 0
        guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK else {
            return nil
        }
        return length
    }

    /// Decompresses one Snappy block into `output`, which must hold exactly the expected size.
    ///
    /// - Throws: `DataError.malformed` when the block is corrupt or its size differs.
    static func uncompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws {
        guard let source = input.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            guard output.isEmpty else {
                throw DataError(.malformed, "empty Snappy block, expected \(output.count) bytes")
            }
            return
        }
        var length = 0
        guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK,
            length == output.count
        else {
            throw DataError(
                .malformed,
                "Snappy block announces \(length) bytes, the page header \(output.count)")
        }
        let target = output.baseAddress!.assumingMemoryBound(to: CChar.self)
        guard snappy_uncompress(source, input.count, target, &length) == SNAPPY_OK,
            length == output.count
        else { throw DataError(.malformed, "corrupt Snappy block") }
    }
}

extension Snappy {
    /// Compresses `input` into one raw Snappy block.
    static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var length = snappy_max_compressed_length(input.count)
        var output = [UInt8](repeating: 0, count: max(length, 1))
        // An empty input still needs a valid pointer.
        let source = input.isEmpty ? [UInt8(0)] : Array(input)
        let status = source.withUnsafeBytes { from in
            output.withUnsafeMutableBytes { target in
                snappy_compress(
                    from.baseAddress!.assumingMemoryBound(to: CChar.self), input.count,
                    target.baseAddress!.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        precondition(status == SNAPPY_OK, "snappy_compress failed with room for the maximum")
        output.removeLast(output.count - length)
        return output
    }
}
