/// The order in which a campaign would contact users: highest score first, ties in score broken
/// by the smaller user id, so every run ranks the same way.
///
/// `users` may be empty, in which case the array position stands in for the user id.
public struct Ranking: Sendable {
    /// Positions into the scored arrays, best first.
    public let order: [Int]

    public init(scores: [Float], users: [Int64] = []) {
        precondition(
            users.isEmpty || users.count == scores.count,
            "Ranking: \(scores.count) scores, \(users.count) users")
        order = scores.indices.sorted { a, b in
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            return users.isEmpty ? a < b : users[a] < users[b]
        }
    }

    /// How many users the top `percent`% holds: `ceil(n * percent / 100)`.
    ///
    /// Computed in integers where `percent` is whole, so 10% of 1,430 is exactly 143.
    public static func topCount(n: Int, percent: Double) -> Int {
        let scaled = Double(n) * percent
        let whole = scaled.rounded()
        if abs(scaled - whole) < 1e-9 * max(1, scaled) {
            let product = Int(whole)
            return (product + 99) / 100
        }
        return Int((scaled / 100).rounded(.up))
    }
}
