import Testing
@testable import PropensityData

/// Hand-encoded compact-protocol bytes, each commented with what it encodes.
@Suite struct ThriftCompactReaderTests {
    /// A struct exercising every field type, short and long field headers, and nesting.
    static let sample: [UInt8] = [
        0x15, 0x0A,                  // 1: i32 5 (zigzag 10)
        0x16, 0x05,                  // 2: i64 -3 (zigzag 5)
        0x18, 0x02, 0x68, 0x69,      // 3: binary "hi"
        0x11,                        // 4: bool true (in the header)
        0x19, 0x35, 0x02, 0x01, 0xD8, 0x04,  // 5: list<i32> [1, -1, 300]
        0x05, 0x50, 0x0E,            // 40 (long header, zigzag i16 80): i32 7
        0x1C, 0x15, 0x12, 0x00,      // 41: struct { 1: i32 9 }
        0x17, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F,  // 42: double 1.5
        0x1B, 0x01, 0x85, 0x01, 0x61, 0x02,  // 43: map<binary, i32> {"a": 1}
        0x12,                        // 44: bool false
        0x00,                        // stop
    ]

    @Test func decodesEveryFieldTypeAndRestoresFieldIDsAfterNesting() throws {
        var seen: [Int16] = []
        var values: [String] = []
        try Self.sample.withUnsafeBytes { bytes in
            var reader = ThriftCompactReader(bytes)
            try reader.readStruct { r, id, type in
                seen.append(id)
                switch id {
                case 1: values.append("\(try r.readI32())")
                case 2: values.append("\(try r.readI64())")
                case 3: values.append(try r.readString())
                case 4, 44: values.append("\(try r.boolValue(of: type))")
                case 5: values.append("\(try r.readList { try $0.readI32() })")
                case 40: values.append("\(try r.readI32())")
                case 41:
                    try r.readStruct { inner, innerID, _ in
                        values.append("inner \(innerID)=\(try inner.readI32())")
                    }
                case 42: values.append("\(try r.readDouble())")
                default: try r.skip(type)
                }
            }
            #expect(reader.position == bytes.count)
        }
        #expect(seen == [1, 2, 3, 4, 5, 40, 41, 42, 43, 44])
        #expect(values == [
            "5", "-3", "hi", "true", "[1, -1, 300]", "7", "inner 1=9", "1.5", "false",
        ])
    }

    @Test func skippingAWholeStructConsumesExactlyItsBytes() throws {
        let bytes = Self.sample + [0xAB]
        try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            try reader.skip(.structure)
            #expect(reader.position == Self.sample.count)
        }
    }

    @Test func longListHeaderCarriesItsCountInAVarint() throws {
        // 0xF5: count 15 (escape) and element type i32; count 20 follows; elements 0...19.
        let bytes: [UInt8] = [0xF5, 20] + (0..<20).map { UInt8($0 * 2) }
        let list = try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try reader.readList { try $0.readI32() }
        }
        #expect(list == Array(0..<20))
    }

    @Test func largeZigzagValuesRoundTrip() throws {
        // i64 -2^40: zigzag 2^41 - 1 = 0x1FF_FFFF_FFFF, 41 one-bits in 6 varint bytes.
        let bytes: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F]
        let value = try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try reader.readI64()
        }
        #expect(value == -(1 << 40))
    }

    @Test func truncatedInputThrowsMalformed() {
        let bytes: [UInt8] = [0x18, 0x05, 0x68]  // binary of length 5 with one byte present
        #expect {
            try bytes.withUnsafeBytes { raw in
                var reader = ThriftCompactReader(raw)
                try reader.skip(.structure)
            }
        } throws: { ($0 as? DataError)?.code == .malformed }
    }

    @Test func pageHeaderDecodesDataPageFields() throws {
        let bytes: [UInt8] = [
            0x15, 0x00,        // 1: type DATA_PAGE
            0x15, 0xC8, 0x01,  // 2: uncompressed size 100
            0x15, 0xA0, 0x01,  // 3: compressed size 80
            0x2C,              // 5: DataPageHeader
            0x15, 0x0E,        //   1: num_values 7
            0x15, 0x10,        //   2: encoding RLE_DICTIONARY (8)
            0x15, 0x06,        //   3: definition levels RLE (3)
            0x15, 0x06,        //   4: repetition levels RLE (3)
            0x00, 0x00,
        ]
        let header = try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try PageHeader.read(&reader)
        }
        #expect(header.kind == 0)
        #expect(header.uncompressedSize == 100)
        #expect(header.compressedSize == 80)
        #expect(header.valueCount == 7)
        #expect(header.encoding == ParquetEncoding.rleDictionary)
        #expect(header.definitionLevelEncoding == ParquetEncoding.rle)
    }
}
