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

    /// The part files of a directory table (Spark, DuckDB, pyarrow datasets): every
    /// `.parquet`, `.csv` or `.tsv` file (optionally `.gz`) directly inside, sorted by name;
    /// hidden files and markers like `_SUCCESS` are left out. Nil when `url` is no directory.
    static func parts(of url: URL) throws -> [URL]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
              isDirectory.boolValue
        else { return nil }
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            .filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }
            .filter { name in (try? TableFormat.of(URL(fileURLWithPath: name))) != nil }
            .sorted()
        guard !names.isEmpty else {
            throw DataError(
                .unreadable, "the directory holds no .parquet, .csv or .tsv part files",
                file: url.path)
        }
        return names.map { url.appendingPathComponent($0) }
    }
}
