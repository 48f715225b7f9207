import Foundation

/// Finds the Complete Journey tables in a directory, Parquet first.
public enum CompleteJourneyFiles {
    /// The first of `<stem>.parquet`, `<stem>.csv`, `<stem>.csv.gz` that exists.
    public static func find(_ stem: String, in directory: URL) throws -> URL {
        let candidates = ["parquet", "csv", "csv.gz"].map {
            directory.appendingPathComponent("\(stem).\($0)")
        }
        if let found = candidates.first(where: {
            FileManager.default.isReadableFile(atPath: $0.path)
        }) {
            return found
        }
        throw DataError(
            .unreadable,
            "none of \(candidates.map(\.lastPathComponent).joined(separator: ", ")) is there; "
                + "point to the directory holding the Complete Journey files",
            file: directory.path)
    }
}
