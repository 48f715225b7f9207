import Foundation

/// Writes rejected rows as CSV: `file,row,column,value,reason,fields`, where `fields` is the
/// row's own fields joined by `|` (empty for Parquet input).
public enum RejectsFile {
    /// One line per rejected row, in the order given.
    ///
    /// - Throws: `DataError` `.unreadable` when the file cannot be written.
    public static func write(_ rejects: [RejectedRow], to url: URL) throws {
        var text = "file,row,column,value,reason,fields\n"
        for reject in rejects {
            let e = reject.error
            let fields = reject.fields.map { $0.map { $0 ?? "" }.joined(separator: "|") } ?? ""
            let cells = [
                e.file ?? "", e.row.map(String.init) ?? "", e.column ?? "", e.value ?? "",
                e.message, fields,
            ]
            text += cells.map(quoted).joined(separator: ",") + "\n"
        }
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw DataError(
                .unreadable, "cannot write the rejects file (\(error.localizedDescription))",
                file: url.path)
        }
    }

    /// A CSV cell, quoted when it holds a comma, quote or line break.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
