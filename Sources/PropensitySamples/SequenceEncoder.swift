import Foundation

/// Turns histories into `EncodedSequences`: vocabularies and a standard scaler fitted once on
/// the balanced, unaugmented training samples, then applied to any sample list.
///
/// Each history becomes its latest `L = maxLength` events, oldest first, left-padded. A step
/// holds a category id per level (0 padding, 1 unknown, `2 + i` for `vocabularies[l][i]`) and
/// six numbers, standardised as `(x - mean) / deviation` (zero at padding):
/// ```
/// log1p(quantity), log1p(amount), discount / (amount + discount) (0 if that is 0),
/// log1p(days since the previous event of the whole history, 0 for the oldest),
/// log1p(days from the event to the anchor day), day of week (0 = Monday)
/// ```
/// Days are exact fractional differences. Codable, so a saved model keeps its encoder.
public struct SequenceEncoder: Hashable, Sendable, Codable {
    /// Names of the six numbers of a step, in order.
    public static let numberNames = [
        "log1p_quantity", "log1p_amount", "discount_share", "log1p_days_since_previous",
        "log1p_days_to_anchor_day", "day_of_week",
    ]

    /// Steps per encoded history (`L`).
    public var maxLength: Int
    /// Per level, the category values seen in the fitting histories, sorted by UTF-8 bytes.
    public var vocabularies: [[String]]
    /// Per number, mean over the fitting samples' encoded steps.
    public var mean: [Double]
    /// Per number, population standard deviation over those steps (1 where it is 0).
    public var deviation: [Double]

    /// Per level, `V`: vocabulary size with padding and unknown.
    public var vocabularySizes: [Int] { vocabularies.map { $0.count + 2 } }

    public init(maxLength: Int, vocabularies: [[String]], mean: [Double], deviation: [Double]) {
        precondition(vocabularies.count == EncodedSequences.levelCount
                     && mean.count == EncodedSequences.numberCount
                     && deviation.count == EncodedSequences.numberCount,
                     "SequenceEncoder needs 3 vocabularies and 6 means and deviations")
        self.maxLength = maxLength
        self.vocabularies = vocabularies
        self.mean = mean
        self.deviation = deviation
    }

    /// Fits vocabularies on every event of the samples' histories and the scaler on their
    /// encoded steps (the latest `maxLength` events of each).
    public init(fittingOn samples: [Sample], in log: EventLog, maxLength: Int) {
        let levelCount = EncodedSequences.levelCount
        var seen = log.levelValues.map { [Bool](repeating: false, count: $0.count) }
        for sample in samples {
            for level in 0..<levelCount {
                for i in sample.history { seen[level][Int(log.categories[level][i])] = true }
            }
        }
        let vocabularies = (0..<levelCount).map { level in
            log.levelValues[level].indices.filter { seen[level][$0] }
                .map { log.levelValues[level][$0] }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        let width = EncodedSequences.numberCount
        self.init(maxLength: maxLength, vocabularies: vocabularies,
                  mean: [Double](repeating: 0, count: width),
                  deviation: [Double](repeating: 1, count: width))

        // Standardisation statistics in Double over the Float values the model will see.
        let raw = encode(samples, in: log, scaled: false)
        var sum = [Double](repeating: 0, count: width)
        var steps = 0
        func forEachStep(_ body: (Int) -> Void) {
            for n in 0..<raw.count {
                let length = Int(raw.lengths[n])
                for position in (maxLength - length)..<maxLength {
                    body((n * maxLength + position) * width)
                }
            }
        }
        forEachStep { base in
            steps += 1
            for c in 0..<width { sum[c] += Double(raw.numbers[base + c]) }
        }
        guard steps > 0 else { return }
        let mean = sum.map { $0 / Double(steps) }
        var squares = [Double](repeating: 0, count: width)
        forEachStep { base in
            for c in 0..<width {
                let d = Double(raw.numbers[base + c]) - mean[c]
                squares[c] += d * d
            }
        }
        self.mean = mean
        deviation = squares.map { sq in
            let sd = (sq / Double(steps)).squareRoot()
            return sd > 0 ? sd : 1
        }
    }

    /// Encodes the samples' histories with this encoder's vocabularies and scaler.
    ///
    /// - Returns: `N = samples.count` sequences of `L = maxLength` steps; labels 1 or 0.
    public func encode(_ samples: [Sample], in log: EventLog) -> EncodedSequences {
        encode(samples, in: log, scaled: true)
    }

    func encode(_ samples: [Sample], in log: EventLog, scaled: Bool) -> EncodedSequences {
        let levelCount = EncodedSequences.levelCount
        let width = EncodedSequences.numberCount
        let length = maxLength
        let day = Double(PropensitySamples.dayMicroseconds)

        // The log's category ids -> vocabulary ids (1 = unknown), once per call.
        let idMaps: [[Int32]] = (0..<levelCount).map { level in
            var index: [String: Int32] = [:]
            for (i, value) in vocabularies[level].enumerated() { index[value] = Int32(i + 2) }
            return log.levelValues[level].map { index[$0] ?? 1 }
        }
        let divisor = scaled ? deviation : [Double](repeating: 1, count: width)
        let shift = scaled ? mean : [Double](repeating: 0, count: width)

        var categories = [Int32](repeating: 0, count: samples.count * length * levelCount)
        var numbers = [Float](repeating: 0, count: samples.count * length * width)
        var lengths = [Int32](repeating: 0, count: samples.count)
        var labels = [Float](repeating: 0, count: samples.count)
        var step = [Double](repeating: 0, count: width)
        for (n, sample) in samples.enumerated() {
            let history = sample.history
            let first = max(history.lowerBound, history.upperBound - length)
            let count = history.upperBound - first
            lengths[n] = Int32(count)
            labels[n] = sample.label ? 1 : 0
            for i in first..<history.upperBound {
                let position = length - (history.upperBound - i)
                let time = log.time[i]
                let total = log.amount[i] + log.discount[i]
                let gap = i == history.lowerBound ? 0 : Double(time - log.time[i - 1]) / day
                let days = LocalDate.floorDiv(time, PropensitySamples.dayMicroseconds)
                step[0] = log1p(log.quantity[i])
                step[1] = log1p(log.amount[i])
                step[2] = total != 0 ? log.discount[i] / total : 0
                step[3] = log1p(gap)
                step[4] = log1p(Double(sample.anchorDay - time) / day)
                // 1970-01-01 was a Thursday (3 with Monday = 0).
                step[5] = Double((days + 3) % 7 + ((days + 3) % 7 < 0 ? 7 : 0))
                let base = (n * length + position) * width
                for c in 0..<width {
                    // Rounded to Float first: the scaler sees what the model sees.
                    let value = Double(Float(step[c]))
                    numbers[base + c] = Float((value - shift[c]) / divisor[c])
                }
                let categoryBase = (n * length + position) * levelCount
                for level in 0..<levelCount {
                    categories[categoryBase + level] =
                        idMaps[level][Int(log.categories[level][i])]
                }
            }
        }
        return EncodedSequences(maxLength: length, categories: categories, numbers: numbers,
                                lengths: lengths, labels: labels)
    }
}
