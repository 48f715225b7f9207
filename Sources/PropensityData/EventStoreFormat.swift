/// The byte layout of an event store file (`.store`), version 1.
///
/// All integers are little-endian. The file opens with a fixed header, then a table of
/// sections, then the sections themselves, each starting at a multiple of 8 bytes so a
/// memory-mapped reader can view them as typed arrays in place:
///
/// ```
/// 0   magic "PROPSTOR"            8 bytes
/// 8   format version              UInt32 (1)
/// 12  header length H             UInt32 (72 + 24 * sectionCount)
/// 16  events N, users U, products P, stores S, catalog rows C    5 x UInt64
/// 56  catalog levels              UInt32
/// 60  section count               UInt32
/// 64  CRC-32 of bytes H..<end     UInt32
/// 68  CRC-32 of bytes 0..<H with these 4 bytes zero               UInt32
/// 72  sections: kind UInt32, level UInt32, offset UInt64, length UInt64 (24 bytes each)
/// ```
///
/// Events are sorted by user, time, basket, product, then input row (the stable tie rule), so
/// a user's events are one contiguous range (`userStarts`). Products and stores are
/// dictionary-encoded (an event holds an `Int32` index into the sorted distinct ids) and the
/// catalog's category values are dictionary-encoded per level.
enum EventStoreFormat {
    static let magic: [UInt8] = Array("PROPSTOR".utf8)
    static let version: UInt32 = 1
    static let fixedHeaderLength = 72
    static let sectionEntryLength = 24

    /// What a section holds; `level` in the section table says which catalog level.
    enum Kind: UInt32, CaseIterable {
        /// `Int64 [U]`: distinct users, ascending.
        case users = 1
        /// `Int64 [U + 1]`: events of user `k` are `userStarts[k] ..< userStarts[k + 1]`.
        case userStarts = 2
        /// `Int64 [P]`: distinct product ids of the events and the catalog, ascending.
        case products = 3
        /// `Int32 [P]`: catalog row of each product, -1 when the catalog lacks it.
        case productCatalogRows = 4
        /// `Int64 [S]`: distinct store ids, ascending (-1 stands for no store).
        case stores = 5
        /// `Int64 [N]`: microseconds since 1970-01-01.
        case time = 10
        /// `Int64 [N]`.
        case basket = 11
        /// `Int32 [N]`: index into `products`.
        case product = 12
        /// `Int32 [N]`: index into `stores`.
        case store = 13
        /// `Float64 [N]`.
        case quantity = 14
        /// `Float64 [N]`.
        case amount = 15
        /// `Float64 [N]`.
        case discount = 16
        /// `Int32 [C]`: index into `products` of each catalog row, in catalog order.
        case catalogProduct = 20
        /// `Int32 [C]` per level: index into that level's values, -1 for null.
        case catalogLevel = 21
        /// `UInt64 [V + 1]` per level: byte offsets of the values in `levelValueBytes`.
        case levelValueOffsets = 22
        /// UTF-8 bytes of a level's values, in first-appearance order of the catalog.
        case levelValueBytes = 23
        /// JSON of `EventStoreMetadata` (sorted keys).
        case metadata = 30
    }

    /// One entry of the section table.
    struct Section: Equatable {
        var kind: Kind
        var level: UInt32
        var offset: UInt64
        var length: UInt64
    }

    static func headerLength(sectionCount: Int) -> Int {
        fixedHeaderLength + sectionEntryLength * sectionCount
    }

    /// `value` rounded up to a multiple of 8.
    static func aligned(_ value: Int) -> Int { (value + 7) & ~7 }
}
