/// Turns the two delta encodings of byte arrays into PLAIN layout (4-byte length, bytes), so
/// the byte array builders need one path only.
enum DeltaByteArrays {
    /// DELTA_LENGTH_BYTE_ARRAY: the lengths, delta-packed, then all bytes back to back.
    static func lengthEncoded(
        _ bytes: UnsafeRawBufferPointer, count: Int
    ) throws -> (plain: [UInt8], used: Int) {
        let (lengths, used) = try DeltaBinaryPackedDecoder.decode(bytes)
        guard lengths.count == count else {
            throw DataError(
                .malformed, "DELTA_LENGTH_BYTE_ARRAY holds \(lengths.count) of \(count) values")
        }
        var plain: [UInt8] = []
        var position = used
        for length in lengths {
            guard length >= 0, length <= bytes.count - position else {
                throw DataError(.malformed, "DELTA_LENGTH_BYTE_ARRAY value overruns its page")
            }
            appendPlain(&plain, UnsafeRawBufferPointer(
                rebasing: bytes[position..<(position + Int(length))]))
            position += Int(length)
        }
        return (plain, position)
    }

    /// DELTA_BYTE_ARRAY: prefix lengths shared with the previous value (delta-packed), then
    /// the suffixes as DELTA_LENGTH_BYTE_ARRAY.
    static func prefixEncoded(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> [UInt8] {
        let (prefixes, used) = try DeltaBinaryPackedDecoder.decode(bytes)
        guard prefixes.count == count else {
            throw DataError(
                .malformed, "DELTA_BYTE_ARRAY holds \(prefixes.count) of \(count) prefixes")
        }
        let (suffixes, _) = try lengthEncoded(
            UnsafeRawBufferPointer(rebasing: bytes[used...]), count: count)
        var plain: [UInt8] = []
        var previous: [UInt8] = []
        var position = 0
        for prefix in prefixes {
            let length = Int(UInt32(littleEndian: suffixes.withUnsafeBytes {
                $0.loadUnaligned(fromByteOffset: position, as: UInt32.self)
            }))
            guard prefix >= 0, prefix <= previous.count else {
                throw DataError(.malformed, "DELTA_BYTE_ARRAY prefix longer than the last value")
            }
            var value = Array(previous[0..<Int(prefix)])
            value += suffixes[(position + 4)..<(position + 4 + length)]
            position += 4 + length
            value.withUnsafeBytes { appendPlain(&plain, $0) }
            previous = value
        }
        return plain
    }

    static func appendPlain(_ plain: inout [UInt8], _ value: UnsafeRawBufferPointer) {
        withUnsafeBytes(of: UInt32(value.count).littleEndian) { plain.append(contentsOf: $0) }
        plain.append(contentsOf: value)
    }

    /// BYTE_STREAM_SPLIT: byte `b` of every value sits in stream `b`; interleave them back.
    static func unsplit(
        _ bytes: UnsafeRawBufferPointer, count: Int, width: Int
    ) throws -> [UInt8] {
        guard width > 0, bytes.count >= count * width else {
            throw DataError(.malformed, "BYTE_STREAM_SPLIT page holds fewer than \(count) values")
        }
        var plain = [UInt8](repeating: 0, count: count * width)
        for b in 0..<width {
            for i in 0..<count { plain[i * width + b] = bytes[b * count + i] }
        }
        return plain
    }
}
