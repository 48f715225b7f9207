import Foundation
import PropensityData
import PropensitySamples
import Testing

/// Locates and loads the shared Complete Journey data and the reference's expected files.
enum RealData {
    /// The package root, from this file's place in it.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `<package root>/../shared/<relative>`, or the same under a further ancestor (a
    /// worktree nests one level deeper than the main checkout); `variable` overrides.
    static func sharedDirectory(_ relative: String, variable: String) -> URL? {
        if let path = ProcessInfo.processInfo.environment[variable] {
            return URL(fileURLWithPath: path)
        }
        var base = packageRoot.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = base.appendingPathComponent("shared").appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            base = base.deletingLastPathComponent()
        }
        return nil
    }

    static let dataDirectory = sharedDirectory("data/completejourney", variable: "PROPENSITY_DATA")
    static let expectedDirectory = sharedDirectory("peers/expected",
                                                   variable: "PROPENSITY_EXPECTED")

    /// Release builds only: parsing 1.5 million rows in a debug build takes too long.
    static var available: Bool {
        #if DEBUG
        return false
        #else
        return dataDirectory != nil && expectedDirectory != nil
        #endif
    }

    static let skipReason: Comment = """
        needs a release build (swift test -c release) and shared/data/completejourney plus \
        shared/peers/expected (or PROPENSITY_DATA and PROPENSITY_EXPECTED)
        """

    /// The event log of the whole data set, loaded once per test process.
    static let eventLog: EventLog? = {
        guard let dir = dataDirectory else { return nil }
        guard let table = loadTransactions(dir.appendingPathComponent("transactions.csv.gz")),
              let catalog = loadCatalog(dir.appendingPathComponent("products.csv.gz"))
        else { return nil }
        return try? EventLog(transactions: table, catalog: catalog)
    }()

    // MARK: - A minimal reader for the Complete Journey CSV files (no quoted fields)

    // A stand-in until PropensityData's loaders are merged: the test needs the raw columns
    // only, and these two files contain no quoted fields.
    static func fields(_ line: String) -> [Substring] {
        precondition(!line.contains("\""), "quoted CSV fields are not supported here: \(line)")
        return line.split(separator: ",", omittingEmptySubsequences: false)
    }

    static func loadTransactions(_ url: URL) -> TransactionTable? {
        guard let lines = readGzipLines(url.path), let header = lines.first else { return nil }
        let names = fields(header)
        func column(_ name: String) -> Int { names.firstIndex(of: Substring(name))! }
        let (u, s, b, p) = (column("household_id"), column("store_id"), column("basket_id"),
                            column("product_id"))
        let (q, v, t) = (column("quantity"), column("sales_value"),
                         column("transaction_timestamp"))
        let discounts = ["retail_disc", "coupon_disc", "coupon_match_disc"].map(column)
        let n = lines.count - 1
        var table = TransactionTable(
            user: [], time: [], basket: [], product: [], store: [], quantity: [], amount: [],
            discount: [])
        table.user.reserveCapacity(n)
        for line in lines.dropFirst() {
            let f = fields(line)
            table.user.append(Int64(f[u])!)
            table.store.append(Int64(f[s])!)
            table.basket.append(Int64(f[b])!)
            table.product.append(Int64(f[p])!)
            table.quantity.append(Double(f[q])!)
            table.amount.append(Double(f[v])!)
            table.discount.append(discounts.reduce(0) { $0 + abs(Double(f[$1])!) })
            table.time.append(LocalDate.parseTimestamp(String(f[t]))!)
        }
        return table
    }

    static func loadCatalog(_ url: URL) -> Catalog? {
        guard let lines = readGzipLines(url.path), let header = lines.first else { return nil }
        let names = fields(header)
        let levelColumns = ["department", "product_category", "product_type"].map {
            names.firstIndex(of: Substring($0))!
        }
        let productColumn = names.firstIndex(of: "product_id")!
        var products: [Int64] = []
        var levels = [[String?]](repeating: [], count: 3)
        for line in lines.dropFirst() {
            let f = fields(line)
            products.append(Int64(f[productColumn])!)
            for (l, c) in levelColumns.enumerated() {
                levels[l].append(f[c].isEmpty ? nil : String(f[c]))
            }
        }
        return Catalog(product: products, levels: levels)
    }
}
