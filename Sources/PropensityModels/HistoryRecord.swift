import PropensitySamples

/// One customer's purchases as one line of JSON: the input of `propensity score --stdin` and
/// the output of `propensity export-histories`.
///
/// ```
/// {"user":900,"as_of":"2018-01-01","events":[{"time":"2017-03-04T10:15:00","basket":31,
///  "product":1004906,"categories":["PRODUCE","POTATOES","POTATOES RUSSET (BULK&BAG)"],
///  "quantity":1,"amount":2.99,"discount":0.5}, ...]}
/// ```
/// `user` is an integer (or a string of one). `as_of` (`YYYY-MM-DD`) is optional when the
/// scorer is given a date. Each event has `time` (`YYYY-MM-DDTHH:MM:SS`, a space instead of
/// `T` and up to six decimals allowed), `quantity` and `amount`; `discount` (all discounts as a
/// positive amount) defaults to 0; `basket` defaults to the time, so that an occasion is all
/// events at one time; `categories` are the three catalog levels broad to narrow (null or ""
/// for a missing level) and may be left out when `product` is given and the scorer has the
/// catalog. Events may come in any order: they are sorted by time, basket, product, then
/// input order, as the event log sorts them.
public struct HistoryRecord: Sendable, Equatable {
    /// One purchase line.
    public struct Event: Sendable, Equatable {
        /// Microseconds since 1970-01-01, naive local time.
        public var time: Int64
        public var basket: Int64?
        public var product: Int64?
        /// The three category levels, broad to narrow; nil when the catalog gives them.
        public var categories: [String?]?
        public var quantity: Double
        public var amount: Double
        public var discount: Double

        public init(
            time: Int64, basket: Int64?, product: Int64?, categories: [String?]?,
            quantity: Double, amount: Double, discount: Double
        ) {
            self.time = time
            self.basket = basket
            self.product = product
            self.categories = categories
            self.quantity = quantity
            self.amount = amount
            self.discount = discount
        }
    }

    public var user: Int64
    public var asOf: LocalDate?
    public var events: [Event]

    public init(user: Int64, asOf: LocalDate?, events: [Event]) {
        self.user = user
        self.asOf = asOf
        self.events = events
    }

    // MARK: - Reading

    /// Parses one line.
    ///
    /// - Parameter lineNumber: 1-based, for error messages.
    /// - Throws: `ModelError.badHistory` naming the line, the event and the key at fault.
    public init<Bytes: Collection>(jsonLine: Bytes, lineNumber: Int) throws
    where Bytes.Element == UInt8 {
        func bad(_ what: String) -> ModelError {
            ModelError(.badHistory, "line \(lineNumber): \(what)")
        }
        let record: JSONValue
        do {
            record = try JSONValue.parse(jsonLine)
        } catch {
            throw bad("not valid JSON (\(error)); each line must be one JSON object")
        }
        guard case .object = record else { throw bad("not a JSON object") }
        guard let user = record["user"]?.integer else {
            throw bad("`user` must be an integer id (or a string of one)")
        }
        self.user = user
        if let raw = record["as_of"], raw != .null {
            guard case .string(let text) = raw, let date = LocalDate(text) else {
                throw bad("`as_of` must be a date YYYY-MM-DD, got \(raw.summary)")
            }
            asOf = date
        }
        guard case .array(let rawEvents) = record["events"] else {
            throw bad("`events` must be an array (empty for a customer with no purchases)")
        }
        events = try rawEvents.enumerated().map { k, raw in
            guard case .object = raw else { throw bad("event \(k + 1) is not a JSON object") }
            do {
                return try Self.event(raw)
            } catch let message as BadField {
                throw bad("event \(k + 1): \(message.text)")
            }
        }
    }

    private struct BadField: Error { var text: String }

    private static func event(_ e: JSONValue) throws -> Event {
        guard case .string(let text) = e["time"], let time = timestamp(text) else {
            throw BadField(text: "`time` must be a timestamp YYYY-MM-DDTHH:MM:SS[.ffffff]")
        }
        func number(_ key: String, default value: Double? = nil) throws -> Double {
            if let raw = e[key], raw != .null {
                guard let n = raw.double, n.isFinite else {
                    throw BadField(text: "`\(key)` must be a number, got \(raw.summary)")
                }
                return n
            }
            guard let value else { throw BadField(text: "`\(key)` is missing") }
            return value
        }
        func optionalInteger(_ key: String) throws -> Int64? {
            guard let raw = e[key], raw != .null else { return nil }
            guard let value = raw.integer else {
                throw BadField(text: "`\(key)` must be an integer, got \(raw.summary)")
            }
            return value
        }
        var categories: [String?]?
        if let raw = e["categories"], raw != .null {
            guard case .array(let list) = raw, list.count == EncodedSequences.levelCount else {
                throw BadField(text: "`categories` must be 3 strings (or nulls), broad to narrow")
            }
            categories = try list.map { level in
                switch level {
                case .string(let text): return text
                case .null: return nil
                default: throw BadField(text: "`categories` must hold strings or nulls")
                }
            }
        }
        let product = try optionalInteger("product")
        guard categories != nil || product != nil else {
            throw BadField(text: "give `categories` or a `product` the catalog knows")
        }
        return Event(
            time: time, basket: try optionalInteger("basket"), product: product,
            categories: categories, quantity: try number("quantity"),
            amount: try number("amount"), discount: try number("discount", default: 0))
    }

    /// `YYYY-MM-DDTHH:MM:SS` (or a space for `T`) with an optional fraction of up to six
    /// digits, read byte by byte: this runs once per event.
    static func timestamp(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { u -> Int64? in
            guard u.count >= 19, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54 || u[10] == 0x20,
                  u[13] == 0x3A, u[16] == 0x3A
            else { return nil }
            func digits(_ range: Range<Int>) -> Int? {
                var value = 0
                for k in range {
                    let d = Int(u[k]) - 0x30
                    guard (0...9).contains(d) else { return nil }
                    value = value * 10 + d
                }
                return value
            }
            guard let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
                  let hour = digits(11..<13), let minute = digits(14..<16),
                  let second = digits(17..<19), (1...12).contains(month), day >= 1,
                  day <= Self.daysIn(month: month, year: year), hour < 24, minute < 60,
                  second < 60
            else { return nil }
            var micros = 0
            if u.count > 19 {
                guard u[19] == 0x2E, (21...26).contains(u.count), let f = digits(20..<u.count)
                else { return nil }
                micros = f
                for _ in u.count..<26 { micros *= 10 }
            }
            let date = LocalDate(year: year, month: month, day: day)
            return date.microseconds
                + Int64((hour * 3600 + minute * 60 + second) * 1_000_000 + micros)
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: - Writing

    /// The record as one line of JSON (no newline). Numbers are written in their shortest
    /// round-trip form, so reading the line gives back the same bits.
    public func jsonLine() -> String {
        var out = "{\"user\":\(user)"
        if let asOf { out += ",\"as_of\":\"\(asOf)\"" }
        out += ",\"events\":["
        for (k, e) in events.enumerated() {
            if k > 0 { out += "," }
            out += "{\"time\":\"\(Self.timestampString(e.time))\""
            if let basket = e.basket { out += ",\"basket\":\(basket)" }
            if let product = e.product { out += ",\"product\":\(product)" }
            if let categories = e.categories {
                let texts = categories.map { $0.map(SafeTensors.quoted) ?? "null" }
                out += ",\"categories\":[\(texts.joined(separator: ","))]"
            }
            out += ",\"quantity\":\(Self.number(e.quantity)),\"amount\":\(Self.number(e.amount))"
            out += ",\"discount\":\(Self.number(e.discount))}"
        }
        return out + "]}"
    }

    /// Shortest round-trip text of a finite Double, as a JSON number (`3` for 3.0).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with `.ffffff` when the time has a fraction of a second.
    static func timestampString(_ time: Int64) -> String {
        let text = LocalDate.timestampString(microseconds: time)
        let fraction = (time % 1_000_000 + 1_000_000) % 1_000_000
        guard fraction != 0 else { return text }
        let digits = String(fraction)
        return text + "." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}
