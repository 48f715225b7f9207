/// Conversions of decoded Parquet columns to the loaders' column types, with the checks
/// (nulls, integral values, parsable text) a transaction log needs.
extension ParquetColumn {
    private func nullError(_ row: Int, file: String) -> DataError {
        DataError(
            .badValue, "null where a value is needed; fill it in or drop the row",
            file: file, row: row + 1, column: descriptor.name)
    }

    /// Replaces null rows with `nullValue`; when it is nil, a null is a bad row.
    private func fillNulls<T>(
        _ values: inout [T], _ nullValue: T?, file: String, _ bad: BadRows?
    ) throws {
        guard let validity else { return }
        for i in validity.indices where !validity[i] {
            guard let nullValue else {
                try BadRows.report(nullError(i, file: file), row: i, to: bad)
                continue
            }
            values[i] = nullValue
        }
    }

    private func wrongType(_ wanted: String, file: String) -> DataError {
        DataError(
            .unsupported,
            "a \(descriptor.physicalType) column cannot be read as \(wanted); map a column of "
                + "that kind", file: file, column: descriptor.name)
    }

    /// Parses each non-null text value with `parse`, reporting the first failure.
    private func parseText<T>(
        _ text: ByteArrayColumn, placeholder: T, file: String, what: String, _ bad: BadRows?,
        _ parse: (UnsafeRawBufferPointer) -> T?
    ) throws -> [T] {
        var result = [T](repeating: placeholder, count: text.count)
        try text.bytes.withUnsafeBytes { bytes in
            for i in 0..<text.count where validity?[i] ?? true {
                let field = UnsafeRawBufferPointer(
                    rebasing: bytes[text.offsets[i]..<text.offsets[i + 1]])
                guard let value = parse(field) else {
                    try BadRows.report(DataError(
                        .badValue, "not \(what); fix the value or map another column",
                        file: file, row: i + 1, column: descriptor.name,
                        value: String(decoding: field, as: UTF8.self)), row: i, to: bad)
                    continue
                }
                result[i] = value
            }
        }
        return result
    }

    /// The column as integers (ids): INT64, INT32, integral DOUBLE/FLOAT, or integer text.
    func int64Values(
        file: String, nullValue: Int64? = nil, bad: BadRows? = nil
    ) throws -> [Int64] {
        var result: [Int64]
        switch values {
        case .int64(let v): result = v
        case .int32(let v): result = v.map(Int64.init)
        case .double, .float:
            let doubles = try doubleValues(file: file, nullValue: 0)
            result = []
            result.reserveCapacity(doubles.count)
            for (i, value) in doubles.enumerated() {
                guard let exact = Int64(exactly: value) else {
                    try BadRows.report(DataError(
                        .badValue, "not an integer; ids must be whole numbers", file: file,
                        row: i + 1, column: descriptor.name, value: "\(value)"), row: i, to: bad)
                    result.append(0)
                    continue
                }
                result.append(exact)
            }
        case .byteArray(let text):
            result = try parseText(
                text, placeholder: 0, file: file, what: "an integer", bad, TextValueParser.int64)
        case .boolean, .int96Timestamp:
            throw wrongType("integers", file: file)
        }
        try fillNulls(&result, nullValue, file: file, bad)
        return result
    }

    /// The column as numbers: DOUBLE, FLOAT, INT64, INT32, DECIMAL (INT32, INT64, BYTE_ARRAY
    /// or FIXED_LEN_BYTE_ARRAY, divided by 10^scale), or decimal text.
    func doubleValues(
        file: String, nullValue: Double? = nil, bad: BadRows? = nil
    ) throws -> [Double] {
        var result: [Double]
        switch (values, descriptor.logicalType) {
        case (.int32(let v), .decimal(let scale, _)?):
            result = v.map { Self.decimal(Int64($0), scale: scale) }
        case (.int64(let v), .decimal(let scale, _)?):
            result = v.map { Self.decimal($0, scale: scale) }
        case (.byteArray(let bytes), .decimal(let scale, _)?):
            result = (0..<bytes.count).map {
                Self.decimal(bigEndian: bytes.value(at: $0), scale: scale)
            }
        default:
            result = try plainDoubles(file: file, bad: bad)
        }
        try fillNulls(&result, nullValue, file: file, bad)
        // CSV text rejects NaN and infinities; a binary column must not let them through.
        // One branch-free pass first: nearly every column is all finite.
        let allFinite = result.withUnsafeBufferPointer { values in
            // NaN and infinity have every exponent bit set; a minimum over the inverted
            // exponents (a loop the compiler vectorises) is 0 only when one is there.
            var least = UInt64.max
            for value in values { least = min(least, (~value.bitPattern >> 52) & 0x7ff) }
            return least != 0
        }
        for i in allFinite ? 0..<0 : result.indices
        where !result[i].isFinite && validity?[i] != false {
            let error = DataError(
                .badValue, "value `\(result[i])` is not a finite number",
                file: file, row: i + 1, column: descriptor.name)
            try BadRows.report(error, row: i, to: bad)
        }
        return result
    }

    /// `unscaled / 10^scale`, correctly rounded when `unscaled` fits in 53 bits.
    static func decimal(_ unscaled: Int64, scale: Int32) -> Double {
        let power = (0..<Int(abs(scale))).reduce(1.0) { value, _ in value * 10 }
        return scale >= 0 ? Double(unscaled) / power : Double(unscaled) * power
    }

    /// A big-endian two's complement unscaled decimal; exact up to 18 digits, beyond that
    /// accumulated in Double (within a few ulps).
    static func decimal(bigEndian bytes: ArraySlice<UInt8>, scale: Int32) -> Double {
        guard let first = bytes.first else { return 0 }
        if bytes.count <= 8 {
            var value: Int64 = first >= 0x80 ? -1 : 0
            for byte in bytes { value = (value << 8) | Int64(byte) }
            return decimal(value, scale: scale)
        }
        let negative = first >= 0x80
        var magnitude = 0.0
        // Two's complement of a negative number: invert, then add one at the end.
        for byte in bytes { magnitude = magnitude * 256 + Double(negative ? ~byte : byte) }
        if negative { magnitude = -(magnitude + 1) }
        let power = (0..<Int(abs(scale))).reduce(1.0) { value, _ in value * 10 }
        return scale >= 0 ? magnitude / power : magnitude * power
    }

    private func plainDoubles(file: String, bad: BadRows?) throws -> [Double] {
        var result: [Double]
        switch values {
        case .double(let v): result = v
        case .float(let v): result = v.map(Double.init)
        case .int64(let v): result = v.map(Double.init)
        case .int32(let v): result = v.map(Double.init)
        case .byteArray(let text):
            result = try parseText(
                text, placeholder: 0, file: file, what: "a number", bad, TextValueParser.double)
        case .boolean, .int96Timestamp:
            throw wrongType("numbers", file: file)
        }
        return result
    }

    /// The column as microseconds since 1970-01-01: INT96, a TIMESTAMP or DATE column, text
    /// in the parser's format, or numbers under an epoch format.
    func timeValues(
        file: String, nullValue: Int64? = nil, parser: TimeParser = TimeParser(TimeSettings()),
        bad: BadRows? = nil
    ) throws -> [Int64] {
        var result: [Int64]
        switch (values, descriptor.logicalType) {
        case (.int64(let v), nil) where parser.epoch(0) != nil:
            result = v.map { parser.epoch($0)! }
        case (.int32(let v), nil) where parser.epoch(0) != nil:
            result = v.map { parser.epoch(Int64($0))! }
        case (.int96Timestamp(let v), _):
            result = v
        case (.int64(let v), .timestamp(let unit)?):
            result = Self.microseconds(v, unit)
        case (.int64(let v), .utcTimestamp(let unit)?):
            result = Self.microseconds(v, unit).map(parser.local(instant:))
        case (.int32(let v), .date?):
            result = v.map { Int64($0) &* 86_400_000_000 }
        case (.byteArray(let text), _):
            result = try parseText(
                text, placeholder: 0, file: file, what: parser.expectation, bad, parser.parse)
        default:
            throw DataError(
                .unsupported,
                "a \(descriptor.physicalType) column without a TIMESTAMP or DATE annotation "
                    + "cannot be read as times (its unit is unknown); store timestamps or "
                    + "ISO 8601 text", file: file, column: descriptor.name)
        }
        try fillNulls(&result, nullValue, file: file, bad)
        return result
    }

    /// Timestamps in `unit` as microseconds (nanoseconds rounded down).
    private static func microseconds(_ v: [Int64], _ unit: ParquetTimeUnit) -> [Int64] {
        switch unit {
        case .milliseconds: v.map { $0 &* 1000 }
        case .microseconds: v
        case .nanoseconds: v.map { $0 >= 0 ? $0 / 1000 : ($0 - 999) / 1000 }
        }
    }

    /// The level dictionary of a text column stored with one Parquet dictionary (values as
    /// `stringValues` reads them), or nil for any other column.
    func levelDictionary() -> LevelDictionary? {
        guard case .byteArray(let text) = values, let dictionary = text.dictionary else {
            return nil
        }
        let entries = (0..<dictionary.values.count).map { k -> String? in
            let bytes = dictionary.values.value(at: k)
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        var codes = dictionary.codes
        if let validity {
            for i in validity.indices where !validity[i] { codes[i] = -1 }
        }
        return LevelDictionary(entries: entries, codes: codes)
    }

    /// The column as text, nil for null or empty values; integers are written in decimal.
    func stringValues(file: String) throws -> [String?] {
        var result: [String?]
        switch values {
        case .byteArray(let text) where text.dictionary != nil:
            // One String per dictionary entry, shared by the rows that use it.
            let dictionary = text.dictionary!
            let strings = (0..<dictionary.values.count).map { k -> String? in
                let bytes = dictionary.values.value(at: k)
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            }
            result = dictionary.codes.map { $0 < 0 ? nil : strings[Int($0)] }
        case .byteArray(let text):
            // Repeated values (PLAIN pages) still share one String per distinct value.
            var cache: [TextKey: String] = [:]
            result = (0..<text.count).map { i in
                let bytes = TextKey(bytes: text.value(at: i))
                if bytes.bytes.isEmpty { return nil }
                if let known = cache[bytes] { return known }
                let string = String(decoding: bytes.bytes, as: UTF8.self)
                cache[bytes] = string
                return string
            }
        case .int64(let v): result = v.map { String($0) }
        case .int32(let v): result = v.map { String($0) }
        default: throw wrongType("text", file: file)
        }
        if let validity {
            for i in validity.indices where !validity[i] { result[i] = nil }
        }
        return result
    }
}

/// Bytes as a dictionary key, hashed in one call rather than byte by byte.
private struct TextKey: Hashable {
    let bytes: ArraySlice<UInt8>

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
