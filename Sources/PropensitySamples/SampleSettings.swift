/// Every setting of sample building; the defaults are METHOD.md's reference settings for
/// `completejourney`.
///
/// Burn-in is `[dataStart, windowStart)`, the observation window `[windowStart, windowEnd)`.
/// `dataStart` documents where the data begins: any earlier event still counts as burn-in.
public struct SampleSettings: Hashable, Sendable, Codable {
    public var dataStart = LocalDate(year: 2017, month: 1, day: 1)
    public var windowStart = LocalDate(year: 2017, month: 4, day: 1)
    public var windowEnd = LocalDate(year: 2018, month: 1, day: 1)
    /// A history holds purchases in `[anchorDay - lookbackDays, anchorDay)`.
    public var lookbackDays = 365
    /// Eligibility: at least this many events in the history ...
    public var minEvents = 10
    /// ... and at least this many occasions (baskets).
    public var minOccasions = 3
    /// Latest events kept when a history is encoded.
    public var maxLength = 256
    /// Training copies with the latest 1...maxShift occasions deleted.
    public var maxShift = 3
    /// Negatives per positive after balancing each split.
    public var negativeRatio = 1.0
    /// `key(S, u) / 2^64` below `splitBounds[0]` is train, below `splitBounds[1]` validation,
    /// else test.
    public var splitBounds = [0.70, 0.85]
    /// The data seed `S`: split `key(S)`, negative anchors `key(S+1)`, balancing `key(S+2)`.
    public var dataSeed = 42
    /// The forward backtest's cutoff `T`.
    public var backtestCutoff = LocalDate(year: 2017, month: 10, day: 1)
    /// The forward backtest's horizon `H`: the label is a target event in `[T, T + H)`.
    public var horizonDays = 30

    /// The reference settings.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case dataStart, windowStart, windowEnd, lookbackDays, minEvents, minOccasions
        case maxLength, maxShift, negativeRatio, splitBounds, dataSeed, backtestCutoff
        case horizonDays
    }

    /// Decodes settings; a missing key keeps its reference default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        dataStart = try value(.dataStart, dataStart)
        windowStart = try value(.windowStart, windowStart)
        windowEnd = try value(.windowEnd, windowEnd)
        lookbackDays = try value(.lookbackDays, lookbackDays)
        minEvents = try value(.minEvents, minEvents)
        minOccasions = try value(.minOccasions, minOccasions)
        maxLength = try value(.maxLength, maxLength)
        maxShift = try value(.maxShift, maxShift)
        negativeRatio = try value(.negativeRatio, negativeRatio)
        splitBounds = try value(.splitBounds, splitBounds)
        dataSeed = try value(.dataSeed, dataSeed)
        backtestCutoff = try value(.backtestCutoff, backtestCutoff)
        horizonDays = try value(.horizonDays, horizonDays)
    }

    /// Throws on settings that cannot produce samples, naming the setting to fix.
    public func validate() throws {
        func fail(_ message: String) -> SampleError { SampleError(.invalidSettings, message) }
        guard dataStart <= windowStart, windowStart < windowEnd else {
            throw fail("need dataStart <= windowStart < windowEnd, got \(dataStart), "
                       + "\(windowStart), \(windowEnd)")
        }
        guard lookbackDays > 0 else { throw fail("lookbackDays must be positive") }
        guard minEvents >= 1, minOccasions >= 1 else {
            throw fail("minEvents and minOccasions must be at least 1")
        }
        guard maxLength >= 1 else { throw fail("maxLength must be at least 1") }
        guard maxShift >= 0 else { throw fail("maxShift must be 0 or more") }
        guard negativeRatio > 0, negativeRatio.isFinite else {
            throw fail("negativeRatio must be a positive number, got \(negativeRatio)")
        }
        guard splitBounds.count == 2, 0 <= splitBounds[0], splitBounds[0] <= splitBounds[1],
              splitBounds[1] <= 1
        else {
            throw fail("splitBounds must be two ascending numbers in [0, 1], got \(splitBounds)")
        }
        guard horizonDays > 0 else { throw fail("horizonDays must be positive") }
    }
}
