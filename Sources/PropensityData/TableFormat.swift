import Foundation

/// The file formats the loaders read, chosen by file name.
enum TableFormat {
    case parquet
    /// Delimited text; `.gz` files are inflated while reading.
    case delimited(Character)

    /// The format of `url` from its extension: `.parquet`, `.csv`, `.tsv`, optionally `.gz`.
    static func of(_ url: URL) throws -> TableFormat {
        var name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".parquet") && !url.lastPathComponent.lowercased().hasSuffix(".gz") {
            return .parquet
        }
        if name.hasSuffix(".csv") { return .delimited(",") }
        if name.hasSuffix(".tsv") || name.hasSuffix(".tab") { return .delimited("\t") }
        throw DataError(
            .unsupported,
            "unknown file type; use a .parquet, .csv, .csv.gz, .tsv or .tsv.gz file",
            file: url.lastPathComponent)
    }
}
