/// A parsed `TimeFormat.pattern`: fields and literal bytes in order.
struct TimePattern: Sendable {
    enum Piece: Equatable {
        case year, month, day, hour, minute, second, fraction, offset
        case literal(UInt8)
    }

    let pieces: [Piece]

    /// Nil when the pattern has an unknown `%` directive or lacks year, month or day.
    init?(_ text: String) {
        var pieces: [Piece] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                pieces.append(.literal(byte))
                continue
            }
            switch bytes.popFirst() {
            case UInt8(ascii: "Y"): pieces.append(.year)
            case UInt8(ascii: "m"): pieces.append(.month)
            case UInt8(ascii: "d"): pieces.append(.day)
            case UInt8(ascii: "H"): pieces.append(.hour)
            case UInt8(ascii: "M"): pieces.append(.minute)
            case UInt8(ascii: "S"): pieces.append(.second)
            case UInt8(ascii: "f"): pieces.append(.fraction)
            case UInt8(ascii: "z"): pieces.append(.offset)
            case UInt8(ascii: "%"): pieces.append(.literal(UInt8(ascii: "%")))
            default: return nil
            }
        }
        guard pieces.contains(.year), pieces.contains(.month), pieces.contains(.day) else {
            return nil
        }
        self.pieces = pieces
    }

    /// Wall-clock microseconds and the offset in seconds when the text has one.
    func parse(_ text: UnsafeRawBufferPointer) -> (micros: Int64, offset: Int?)? {
        var i = 0
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fraction: Int64 = 0
        var offset: Int?
        func digits(_ count: Int) -> Int? {
            guard i + count <= text.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                let digit = text[k] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            i += count
            return value
        }
        for piece in pieces {
            switch piece {
            case .literal(let byte):
                guard i < text.count, text[i] == byte else { return nil }
                i += 1
            case .year: guard let v = digits(4) else { return nil }; year = v
            case .month:
                guard let v = digits(2), (1...12).contains(v) else { return nil }
                month = v
            case .day: guard let v = digits(2), v >= 1 else { return nil }; day = v
            case .hour: guard let v = digits(2), v < 24 else { return nil }; hour = v
            case .minute: guard let v = digits(2), v < 60 else { return nil }; minute = v
            case .second: guard let v = digits(2), v < 60 else { return nil }; second = v
            case .fraction:
                var scale: Int64 = 100_000
                let start = i
                while i < text.count, text[i] &- UInt8(ascii: "0") < 10, i - start < 9 {
                    fraction += Int64(text[i] &- UInt8(ascii: "0")) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            case .offset:
                var end = i
                while end < text.count, text[end] != UInt8(ascii: " ") { end += 1 }
                guard let seconds = TimeParser.offsetSeconds(
                    UnsafeRawBufferPointer(rebasing: text[i..<end]))
                else { return nil }
                offset = seconds
                i = end
            }
        }
        guard i == text.count, day <= TimeParser.daysIn(month: month, year: year) else {
            return nil
        }
        let days = Int64(TextValueParser.daysSinceEpoch(year: year, month: month, day: day))
        let micros = days * 86_400_000_000
            + Int64(hour * 3600 + minute * 60 + second) * 1_000_000 + fraction
        return (micros, offset)
    }
}
