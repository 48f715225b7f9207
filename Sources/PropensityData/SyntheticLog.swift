import Foundation

/// A synthetic transaction log and catalog shaped like Complete Journey, with planted new
/// buyers of a target category, for scale tests and demos.
///
/// Fitted to Complete Journey (2,469 households, 2017): baskets per user per year are
/// lognormal (log mean 3.63, sd 1.13), lines per basket lognormal (1.57, 1.17, at least 1),
/// baskets fall on weekdays and hours in the data's proportions, and each user's department
/// preferences are the data's department shares times gamma noise. A share
/// `adopterShare` of users are *adopters*: from `driftDays` before a random adoption time,
/// their baskets carry more and more related baby categories, then the target
/// (`INFANT FORMULA`, level 2) appears. Other users never buy the target. Rows with quantity
/// 0 (about 0.6%) stand for returns. Each user has its own random stream, so the output does
/// not depend on anything but `users` and `seed`.
public struct SyntheticLog {
    public static let targetCategory = "INFANT FORMULA"
    public static let relatedCategories = ["DIAPERS & DISPOSABLES", "BABY HBC"]

    public var users: Int
    public var seed: UInt64
    public var adopterShare = 0.08
    public var driftDays = 90

    public init(users: Int, seed: UInt64) {
        self.users = users
        self.seed = seed
    }

    // MARK: - Fitted shapes

    /// Departments with their share of Complete Journey lines (per mille).
    static let departments: [(String, Double)] = [
        ("GROCERY", 634.4), ("DRUG GM", 106.6), ("PRODUCE", 100.8), ("MEAT-PCKGD", 43.0),
        ("MEAT", 34.0), ("DELI", 24.2), ("PASTRY", 14.8), ("NUTRITION", 12.7), ("FUEL", 8.9),
        ("SEAFOOD-PCKGD", 4.4), ("SALAD BAR", 3.8), ("MISCELLANEOUS", 3.3),
        ("COSMETICS", 3.1), ("FLORAL", 1.8), ("SEAFOOD", 1.6), ("SPIRITS", 0.8),
    ]
    /// Baskets per weekday, Monday first, and per hour (per mille of baskets).
    static let weekdays: [Double] = [138, 135, 131, 135, 135, 159, 166]
    static let hours: [Double] = [
        71, 54, 34, 20, 10, 5, 4, 2, 1, 2, 5, 12, 19, 27, 39, 54, 65, 67, 70, 75, 85, 96, 97, 86,
    ]
    static let categoriesPerDepartment = 8
    static let typesPerCategory = 6
    static let productsPerType = 8
    static let storeCount = 400

    /// Catalog rows: product id, department, category, type. The baby categories sit in
    /// DRUG GM as its first three categories.
    static func catalogRows() -> [(Int64, String, String, String)] {
        var rows: [(Int64, String, String, String)] = []
        let baby = [targetCategory] + relatedCategories
        for (d, (department, _)) in departments.enumerated() {
            for c in 0..<categoriesPerDepartment {
                let category = department == "DRUG GM" && c < baby.count
                    ? baby[c] : "\(department) \(c + 1)"
                for t in 0..<typesPerCategory {
                    for p in 0..<productsPerType {
                        let id = Int64(1_000_000 + ((d * 100 + c) * 100 + t) * 100 + p)
                        rows.append((id, department, category, "\(category) TYPE \(t + 1)"))
                    }
                }
            }
        }
        return rows
    }
}

/// SplitMix64: small, fast and good enough for synthetic data; one stream per user.
struct SynthRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// Gamma(2, 1): the sum of two exponentials.
    mutating func gamma2() -> Double { -log(max(uniform(), 1e-300)) - log(max(uniform(), 1e-300)) }

    /// An index drawn from cumulative weights.
    mutating func pick(_ cumulative: [Double]) -> Int {
        let x = uniform() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
