import Foundation

extension SyntheticLog {
    /// What `write` produced.
    public struct Summary: Sendable {
        public var rows: Int
        public var users: Int
        public var adopters: Int
    }

    /// One line item before formatting.
    private struct Line {
        var time: Int32  // seconds since 2017-01-01T00:00:00
        var user: Int32
        var basket: Int64
        var product: Int32  // index into the catalog rows
        var store: Int16
        var quantity: Int16
        var cents: Int32
        var discountCents: Int32
    }

    /// The file formats `write` produces.
    public enum Format: String, Sendable, CaseIterable {
        case csv, parquet
    }

    /// Writes `transactions` and `products` (Complete Journey's column names) to `directory`
    /// as `.csv` and/or `.parquet` (Snappy, row groups of about a million rows), users in
    /// blocks of 1,000 whose lines are ordered by time.
    ///
    /// - Parameter progress: called with the rows written so far after every block.
    /// - Throws: `DataError` `.unreadable` when a file cannot be written.
    public func write(
        to directory: URL, formats: Set<Format> = [.csv], progress: (Int) -> Void = { _ in }
    ) throws -> Summary {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let catalog = Self.catalogRows()
        if formats.contains(.csv) {
            var products = "product_id,department,product_category,product_type\n"
            for row in catalog { products += "\(row.0),\(row.1),\(row.2),\(row.3)\n" }
            try Data(products.utf8).write(to: directory.appendingPathComponent("products.csv"))
        }
        var parquet: ParquetWriter?
        if formats.contains(.parquet) {
            let products = try ParquetWriter(
                url: directory.appendingPathComponent("products.parquet"))
            try products.append([
                .int64("product_id", catalog.map(\.0)), .string("department", catalog.map(\.1)),
                .string("product_category", catalog.map(\.2)),
                .string("product_type", catalog.map(\.3)),
            ])
            try products.close()
            parquet = try ParquetWriter(
                url: directory.appendingPathComponent("transactions.parquet"))
        }
        var group = ParquetRows()

        let out = try SectionFile(url: directory.appendingPathComponent(
            formats.contains(.csv) ? "transactions.csv" : ".transactions.csv.unused"))
        var text: [UInt8] = []
        text.reserveCapacity(1 << 23)
        var written = 0
        func flush() throws {
            try text.withUnsafeBytes { try out.write($0, at: written) }
            written += text.count
            text.removeAll(keepingCapacity: true)
        }
        text += Array(("household_id,store_id,basket_id,product_id,quantity,sales_value,"
            + "retail_disc,coupon_disc,coupon_match_disc,transaction_timestamp\n").utf8)

        // 2017 starts on a Sunday (weekday index 6 with Monday 0).
        let dayWeights = (0..<365).map { Self.weekdays[($0 + 6) % 7] }
        let days = cumulative(dayWeights), hours = cumulative(Self.hours)
        let dayText = (0..<365).map { day -> [UInt8] in
            let date = LocalCalendar.date(daysSince1970: 17167 + day)
            return Array(String(format: "%04d-%02d-%02d ", date.0, date.1, date.2).utf8)
        }
        var rows = 0, adopters = 0
        var lines: [Line] = []
        for blockStart in stride(from: 0, to: users, by: 1000) {
            lines.removeAll(keepingCapacity: true)
            for u in blockStart..<min(blockStart + 1000, users) {
                if generate(user: u, days: days, hours: hours, into: &lines) { adopters += 1 }
            }
            lines.sort { ($0.time, $0.basket, $0.product) < ($1.time, $1.basket, $1.product) }
            if let parquet {
                for line in lines { group.add(line, catalog) }
                if group.user.count >= 1 << 20 { try group.flush(to: parquet) }
            }
            rows += lines.count
            progress(rows)
            guard formats.contains(.csv) else { continue }
            for line in lines {
                let row = catalog[Int(line.product)]
                appendInt(&text, Int64(line.user) + 1)
                text.append(44)
                appendInt(&text, Int64(line.store) + 1)
                text.append(44)
                appendInt(&text, line.basket)
                text.append(44)
                appendInt(&text, row.0)
                text.append(44)
                appendInt(&text, Int64(line.quantity))
                text.append(44)
                appendCents(&text, Int64(line.cents))
                text.append(44)
                appendCents(&text, -Int64(line.discountCents))
                text += [44, 48, 44, 48, 44]  // ",0,0,"
                let day = Int(line.time / 86_400), second = Int(line.time % 86_400)
                text += dayText[day]
                appendTwo(&text, second / 3600)
                text.append(58)
                appendTwo(&text, second / 60 % 60)
                text.append(58)
                appendTwo(&text, second % 60)
                text.append(10)
            }
            if text.count > 1 << 22 { try flush() }
        }
        try flush()
        try out.close(sync: false)
        if !formats.contains(.csv) {
            try? FileManager.default.removeItem(
                at: directory.appendingPathComponent(".transactions.csv.unused"))
        }
        if let parquet {
            if !group.user.isEmpty { try group.flush(to: parquet) }
            try parquet.close()
        }
        return Summary(rows: rows, users: users, adopters: adopters)
    }

    /// Columns of the next Parquet row group.
    private struct ParquetRows {
        var user: [Int64] = [], store: [Int64] = [], basket: [Int64] = [], product: [Int64] = []
        var quantity: [Int64] = [], amount: [Double] = [], discount: [Double] = []
        var time: [Int64] = []

        mutating func add(_ line: Line, _ catalog: [(Int64, String, String, String)]) {
            user.append(Int64(line.user) + 1)
            store.append(Int64(line.store) + 1)
            basket.append(line.basket)
            product.append(catalog[Int(line.product)].0)
            quantity.append(Int64(line.quantity))
            amount.append(Double(line.cents) / 100)
            discount.append(-Double(line.discountCents) / 100)
            time.append((17167 * 86_400 + Int64(line.time)) * 1_000_000)
        }

        mutating func flush(to writer: ParquetWriter) throws {
            let zeros = [Double](repeating: 0, count: user.count)
            try writer.append([
                .int64("household_id", user), .int64("store_id", store),
                .int64("basket_id", basket), .int64("product_id", product),
                .int64("quantity", quantity), .double("sales_value", amount),
                .double("retail_disc", discount), .double("coupon_disc", zeros),
                .double("coupon_match_disc", zeros), .timestamp("transaction_timestamp", time),
            ])
            self = ParquetRows()
        }
    }

    /// Appends one user's baskets; returns whether the user is an adopter.
    private func generate(
        user u: Int, days: [Double], hours: [Double], into lines: inout [Line]
    ) -> Bool {
        var random = SynthRandom(
            state: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(u) &* 0xD1B5_4A32_D192_ED03)
        let basketCount = min(2000, max(1, Int(exp(3.63 + 1.13 * random.normal()))))
        let preferences = cumulative(Self.departments.map { $0.1 * random.gamma2() })
        let homeStore = random.below(Self.storeCount)
        let adopter = random.uniform() < adopterShare
        let adoption = Int32(31 + random.below(300)) * 86_400 + Int32(random.below(86_400))
        let drift = Int32(driftDays * 86_400)
        let drugGM = Self.departments.firstIndex { $0.0 == "DRUG GM" }!
        let perCategory = Self.typesPerCategory * Self.productsPerType
        let perDepartment = Self.categoriesPerDepartment * perCategory

        var times = (0..<basketCount).map { _ in
            Int32(random.pick(days)) * 86_400 + Int32(random.pick(hours)) * 3600
                + Int32(random.below(3600))
        }
        times.sort()
        var adopted = false
        for (k, time) in times.enumerated() {
            let basket = Int64(u + 1) * 10_000 + Int64(k)
            let store = random.uniform() < 0.9 ? homeStore : random.below(Self.storeCount)
            func add(department d: Int, category c: Int) {
                let product = d * perDepartment + c * perCategory + random.below(perCategory)
                // Prices per product: lognormal, from the product's own hash.
                var priceRandom = SynthRandom(state: UInt64(product) &* 0x2545_F491_4F6C_DD1D)
                let price = Int32(max(10, exp(0.8 + 0.6 * priceRandom.normal()) * 100))
                let quantity: Int16 = random.uniform() < 0.006
                    ? 0 : (random.uniform() < 0.85 ? 1 : Int16(2 + random.below(2)))
                let discount = random.uniform() < 0.3 ? Int32(Double(price) * 0.2) : 0
                lines.append(Line(
                    time: time, user: Int32(u), basket: basket, product: Int32(product),
                    store: Int16(store), quantity: quantity,
                    cents: price * Int32(max(quantity, 1)), discountCents: discount))
            }
            let size = min(60, max(1, Int(exp(1.57 + 1.17 * random.normal()).rounded())))
            for _ in 0..<size {
                let d = random.pick(preferences)
                var c = random.below(Self.categoriesPerDepartment)
                // The target only for adopters from their adoption on.
                if d == drugGM && c == 0 && !(adopter && time >= adoption) {
                    c = 3 + random.below(5)
                }
                add(department: d, category: c)
            }
            guard adopter else { continue }
            if time < adoption && time >= adoption - drift {
                // Drift: related baby categories grow more likely as adoption nears.
                let closeness = 1 - Double(adoption - time) / Double(drift)
                if random.uniform() < 0.7 * closeness {
                    add(department: drugGM, category: 1 + random.below(2))
                }
            } else if time >= adoption {
                if !adopted || random.uniform() < 0.3 { add(department: drugGM, category: 0) }
                if random.uniform() < 0.4 {
                    add(department: drugGM, category: 1 + random.below(2))
                }
                adopted = true
            }
        }
        return adopter
    }
}

private func cumulative(_ weights: [Double]) -> [Double] {
    var total = 0.0
    return weights.map { total += $0; return total }
}

private func appendInt(_ text: inout [UInt8], _ value: Int64) {
    if value < 0 { text.append(45) }
    var magnitude = value.magnitude
    var digits: [UInt8] = []
    repeat {
        digits.append(UInt8(48 + magnitude % 10))
        magnitude /= 10
    } while magnitude > 0
    text += digits.reversed()
}

private func appendTwo(_ text: inout [UInt8], _ value: Int) {
    text.append(UInt8(48 + value / 10))
    text.append(UInt8(48 + value % 10))
}

/// Cents as a decimal with two places (`-0.25`, `3.10`).
private func appendCents(_ text: inout [UInt8], _ cents: Int64) {
    if cents < 0 { text.append(45) }
    let magnitude = Int64(cents.magnitude)
    appendInt(&text, magnitude / 100)
    text.append(46)
    appendTwo(&text, Int(magnitude % 100))
}

/// Civil dates from day numbers (H. Hinnant's civil-from-days over 400-year eras), for the
/// synthetic timestamps and `LocalDate`.
public enum LocalCalendar {
    /// (year, month, day) of the day `days` after 1970-01-01; negative days are before it.
    @inlinable
    public static func date(daysSince1970 days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
