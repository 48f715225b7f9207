/// What an event store records about its input besides the events: sources, level names and
/// the counts ingest reported. Stored as JSON with sorted keys, so equal inputs give equal
/// bytes.
public struct EventStoreMetadata: Codable, Sendable, Equatable {
    /// File names (last path components) of the transaction and catalog inputs.
    public var sources: [String]
    /// Names of the catalog's level columns, broad to narrow.
    public var levelNames: [String]
    /// Rows with `quantity <= 0` (returns, corrections), kept in the store.
    public var returns: Int
    /// Rows equal in every field to an earlier row (kept, since two identical line items are
    /// possible; counted so they are never silently merged).
    public var duplicateRows: Int
    /// Rows whose product has no catalog row.
    public var unknownProductRows: Int
    /// Distinct products among those.
    public var distinctUnknownProducts: Int
    /// Input rows rejected under `--on-bad-row skip` (not in the store).
    public var rejectedRows: Int
    /// Whether baskets were derived (one per distinct user and time) for want of a column.
    public var derivedBaskets: Bool
    /// Earliest and latest event time, microseconds since 1970-01-01 (nil without events).
    public var firstTime: Int64?
    public var lastTime: Int64?

    /// Metadata with the given sources and level names and every count zero.
    public init(sources: [String], levelNames: [String], derivedBaskets: Bool = false) {
        self.sources = sources
        self.levelNames = levelNames
        returns = 0
        duplicateRows = 0
        unknownProductRows = 0
        distinctUnknownProducts = 0
        rejectedRows = 0
        self.derivedBaskets = derivedBaskets
    }
}
