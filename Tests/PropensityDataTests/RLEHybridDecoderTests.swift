import Testing
@testable import PropensityData

@Suite struct RLEHybridDecoderTests {
    func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        var output = [UInt32](repeating: 0xDEAD, count: count)
        try bytes.withUnsafeBytes { raw in
            var decoder = try RLEHybridDecoder(raw, bitWidth: bitWidth)
            try output.withUnsafeMutableBufferPointer {
                try decoder.decode(into: $0.baseAddress!, count: count)
            }
        }
        return output
    }

    /// Packs values LSB first, bit by bit: an independent, slow reference.
    func pack(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (values.count * bitWidth + 7) / 8)
        for (i, value) in values.enumerated() {
            for b in 0..<bitWidth where value >> UInt32(b) & 1 == 1 {
                let bit = i * bitWidth + b
                bytes[bit / 8] |= 1 << UInt8(bit % 8)
            }
        }
        return bytes
    }

    @Test func bitPackedRunMatchesTheFormatSpecExample() throws {
        // Parquet's Encodings.md: 0...7 with bit width 3 pack to 10001000 11000110 11111010.
        #expect(try decode([0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 8) == Array(0...7))
    }

    @Test func rleRunRepeatsOneValue() throws {
        // Header 5 << 1 = 0x0A: five copies of the one-byte value 6.
        #expect(try decode([0x0A, 0x06], bitWidth: 3, count: 5) == [6, 6, 6, 6, 6])
    }

    @Test func rleValueTakesCeilOfBitWidthBytes() throws {
        // Bit width 17: the value takes 3 bytes, 0x010001 = 65537.
        #expect(try decode([0x04, 0x01, 0x00, 0x01], bitWidth: 17, count: 2) == [65537, 65537])
    }

    @Test func bitWidthZeroDecodesZeros() throws {
        #expect(try decode([0x08], bitWidth: 0, count: 4) == [0, 0, 0, 0])
    }

    @Test func mixedRunsStopAtTheRequestedCountIgnoringPadding() throws {
        // RLE: three 1s; then one bit-packed group of 8 with width 1 holding 1,0,1,1 + padding.
        let bytes: [UInt8] = [0x06, 0x01, 0x03, 0b0000_1101]
        #expect(try decode(bytes, bitWidth: 1, count: 7) == [1, 1, 1, 1, 0, 1, 1])
    }

    @Test(arguments: [1, 2, 5, 7, 8, 13, 20, 31, 32])
    func longBitPackedRunsMatchTheReferencePacker(bitWidth: Int) throws {
        let mask = bitWidth == 32 ? UInt32.max : (1 << UInt32(bitWidth)) - 1
        let values = (0..<200).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) & mask }
        // 200 values = 25 groups: header (25 << 1) | 1 = 51.
        let bytes = [UInt8(51)] + pack(values, bitWidth: bitWidth)
        #expect(try decode(bytes, bitWidth: bitWidth, count: 200) == values)
    }

    @Test func truncatedRunThrowsMalformed() {
        #expect {
            _ = try decode([0x0A], bitWidth: 8, count: 5)  // RLE header without its value byte
        } throws: { ($0 as? DataError)?.code == .malformed }
        #expect {
            _ = try decode([0x0A, 0x01], bitWidth: 8, count: 6)  // only 5 values present
        } throws: { ($0 as? DataError)?.code == .malformed }
    }
}
