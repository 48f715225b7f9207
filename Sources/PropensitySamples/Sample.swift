/// One sample: a user, an anchor, a label and a history slice of an `EventLog`.
///
/// The history is `history`, a range of event indices of one user with
/// `anchorDay - lookbackDays <= time < anchorDay` (fewer latest occasions when `shift > 0`).
public struct Sample: Hashable, Sendable {
    public var user: Int64
    /// The first target event (positives), a drawn positive's anchor (negatives) or the
    /// scoring date (populations), in microseconds.
    public var anchor: Int64
    /// Midnight starting the anchor's date: the history ends before it.
    public var anchorDay: Int64
    /// True for a positive (a new buyer of the target).
    public var label: Bool
    /// Event indices of the history in its `EventLog`.
    public var history: Range<Int>
    /// Latest occasions deleted from the history (0 = the original sample).
    public var shift: Int

    public init(
        user: Int64, anchor: Int64, anchorDay: Int64, label: Bool, history: Range<Int>,
        shift: Int = 0
    ) {
        self.user = user
        self.anchor = anchor
        self.anchorDay = anchorDay
        self.label = label
        self.history = history
        self.shift = shift
    }

    /// The canonical order: label descending, then user, then shift.
    public static func canonicalOrder(_ a: Sample, _ b: Sample) -> Bool {
        if a.label != b.label { return a.label }
        if a.user != b.user { return a.user < b.user }
        return a.shift < b.shift
    }
}

/// The three user-level splits.
public enum Split: String, CaseIterable, Sendable, Codable {
    case train, validation, test
}
