import PropensityEvaluation
import Testing

/// Twenty users: u1..u10 as below, u11..u20 all at 0.05 and negative. Users 2 and 3 tie at 0.8;
/// the smaller id (2, a buyer) ranks first. The arrays are shuffled so array order would
/// break the tie the other way.
///
/// ```
/// user   1   2   3   4   5   6   7   8   9   10
/// score .9  .8  .8  .7  .5  .5  .4  .3  .2  .1
/// label  0   1   0   1   0   0   0   1   0   0
/// ```
struct Population {
    var users: [Int64] = [3, 10, 2, 5, 1, 8, 4, 6, 9, 7]
    var labels: [Float] = []
    var scores: [Float] = []

    init() {
        let score: [Int64: Float] = [
            1: 0.9, 2: 0.8, 3: 0.8, 4: 0.7, 5: 0.5, 6: 0.5, 7: 0.4, 8: 0.3, 9: 0.2, 10: 0.1,
        ]
        users += (11...20).reversed()
        scores = users.map { score[$0] ?? 0.05 }
        labels = users.map { [2, 4, 8].contains($0) ? 1 : 0 }
    }
}

@Suite struct RankingMetricsTests {
    let population = Population()

    @Test func topCountIsTheCeilingOfTheShare() {
        #expect(Ranking.topCount(n: 1430, percent: 10) == 143)
        #expect(Ranking.topCount(n: 10, percent: 1) == 1)
        #expect(Ranking.topCount(n: 0, percent: 10) == 0)
        #expect(Ranking.topCount(n: 199, percent: 5) == 10)
        #expect(Ranking.topCount(n: 200, percent: 5) == 10)
        #expect(Ranking.topCount(n: 201, percent: 5) == 11)
        #expect(Ranking.topCount(n: 20, percent: 100) == 20)
    }

    @Test func rankingBreaksTiesByUserId() {
        let p = population
        let ranked = Ranking(scores: p.scores, users: p.users).order.map { p.users[$0] }
        #expect(Array(ranked.prefix(10)) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(Array(ranked.suffix(10)) == Array(11...20))
        // Without ids, array position decides: user 3 sits before user 2.
        let byPosition = Ranking(scores: p.scores).order.map { p.users[$0] }
        #expect(Array(byPosition.prefix(3)) == [1, 3, 2])
    }

    @Test func metricsOfTheHandComputedPopulation() {
        let p = population
        let m = RankingMetrics(labels: p.labels, scores: p.scores, users: p.users)
        #expect(m.users == 20 && m.positives == 3)
        #expect(abs(m.baseRate - 0.15) < 1e-12)
        // Positive 0.8 beats 15 negatives and ties one (15.5), 0.7 beats 15, 0.3 beats 12.
        #expect(abs(m.rocAUC - 42.5 / 51) < 1e-12)
        // Steps: 0.8 (P 1/3, R 1/3), 0.7 (P 1/2, R 2/3), 0.3 (P 3/8, R 1).
        #expect(abs(m.prAUC - 29.0 / 72) < 1e-12)
        // Top 1% and 5% = 1 user (user 1, negative); top 10% = users 1 and 2.
        #expect(m.precisionTop1 == 0 && m.recallTop1 == 0)
        #expect(m.precisionTop5 == 0 && m.recallTop5 == 0)
        #expect(m.precisionTop10 == 0.5)
        #expect(abs(m.recallTop10 - 1.0 / 3) < 1e-12)
        #expect(abs(m.liftTopDecile - 10.0 / 3) < 1e-12)
    }

    @Test func topDecileLosesTheBuyerWhenTiesGoByPosition() {
        let p = population
        let m = RankingMetrics(labels: p.labels, scores: p.scores)
        #expect(m.precisionTop10 == 0)
        #expect(m.liftTopDecile == 0)
    }

    @Test func metricsWithoutBuyersAreUndefined() {
        let m = RankingMetrics(labels: [0, 0, 0], scores: [0.3, 0.2, 0.1])
        #expect(m.rocAUC.isNaN && m.prAUC.isNaN && m.liftTopDecile.isNaN)
        #expect(m.baseRate == 0)
    }

    @Test func decilesGainAndLift() {
        let p = population
        let probabilities = p.scores.map { Double($0) / 4 }
        let rows = DecileTable.rows(
            labels: p.labels, scores: p.scores, users: p.users, probabilities: probabilities)
        #expect(rows.map(\.decile) == Array(1...10))
        #expect(rows.map(\.users) == Array(repeating: 2, count: 10))
        #expect(rows.map(\.positives) == [1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
        let gains = [1.0 / 3, 2.0 / 3, 2.0 / 3] + Array(repeating: 1.0, count: 7)
        for (row, gain) in zip(rows, gains) {
            #expect(abs(row.cumulativeGain - gain) < 1e-12, "decile \(row.decile)")
        }
        let lifts = [10.0 / 3, 10.0 / 3, 0, 10.0 / 3] + Array(repeating: 0.0, count: 6)
        for (row, lift) in zip(rows, lifts) {
            #expect(abs(row.lift - lift) < 1e-12, "decile \(row.decile)")
        }
        // Cumulative: 1/2, 2/4, 2/6, 3/8 ... 3/20 over the base rate 0.15.
        #expect(abs(rows[2].cumulativeLift - (2.0 / 6) / 0.15) < 1e-12)
        #expect(abs(rows[3].cumulativeLift - 2.5) < 1e-12)
        #expect(abs(rows[9].cumulativeLift - 1) < 1e-12)
        // Users 1 and 2 expect (0.9 + 0.8) / 4 buyers.
        #expect(
            abs(rows[0].expectedPositives! - (Double(Float(0.9)) + Double(Float(0.8))) / 4) < 1e-12
        )
    }

    @Test func decilesOfAnUnevenPopulationFollowTheTopShareRule() {
        // n = 13: the cuts are ceil(1.3) = 2, ceil(2.6) = 3, 4, 6, 7, 8, 10, 11, 12, 13.
        let scores = (0..<13).map { Float(13 - $0) }
        let labels: [Float] = [1] + Array(repeating: 0, count: 12)
        let rows = DecileTable.rows(labels: labels, scores: scores)
        #expect(rows.map(\.users) == [2, 1, 1, 2, 1, 1, 2, 1, 1, 1])
        #expect(rows[0].positives == 1 && rows[0].cumulativeGain == 1)
    }

    @Test func expectedBuyersPerDecileSumTheProbabilitiesInRankOrder() {
        // 20 users, scores descending with index; probability 0.01 * (index + 1).
        let scores = (0..<20).map { Float(20 - $0) }
        let probabilities = (0..<20).map { 0.01 * Double($0 + 1) }
        let expected = DecileTable.expectedPositives(scores: scores, probabilities: probabilities)
        #expect(expected.count == 10)
        // Decile d holds indices 2(d-1) and 2d-1: 0.01 * (2d - 1 + 2d) = 0.01 * (4d - 1).
        for (k, value) in expected.enumerated() {
            #expect(abs(value - 0.01 * Double(4 * (k + 1) - 1)) < 1e-12, "decile \(k + 1)")
        }
    }
}
