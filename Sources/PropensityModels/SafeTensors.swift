import Foundation
import NeuralEngine

/// Reads and writes the safetensors format (the one PyTorch and Hugging Face read) for F32
/// tensors.
///
/// A file is an 8-byte little-endian header length `n`, then `n` bytes of UTF-8 JSON, then the
/// data buffer. The JSON maps each tensor name to `{"dtype", "shape", "data_offsets"}`, with
/// offsets `[begin, end)` into the data buffer, and may hold `__metadata__`, a string-to-string
/// map. This writer pads the header with spaces so the buffer starts 8-byte aligned, lays the
/// tensors out in the given order without gaps and stores values as little-endian IEEE floats.
/// The reader accepts any file the format allows, as long as every tensor is F32.
public enum SafeTensors {
    /// Largest header this reader accepts (the reference implementation's limit).
    static let maximumHeaderBytes = 100_000_000

    /// The bytes of a safetensors file holding `tensors` in order, with `metadata`.
    public static func encode(_ tensors: [NamedTensor], metadata: [String: String] = [:]) -> Data {
        var header = "{"
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors {
            let end = offset + tensor.values.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(quoted(tensor.name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        header += entries.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(UInt8(ascii: " ")) }

        var data = Data(capacity: 8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: headerBytes)
        for tensor in tensors {
            let words = tensor.values.map { $0.bitPattern.littleEndian }
            words.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The tensors (in data order) and metadata of a safetensors file's bytes.
    ///
    /// - Parameter file: the file's name, for error messages.
    /// - Throws: `ModelError.malformedWeights` when the bytes break the format (short file,
    ///   bad JSON, offsets out of bounds, overlapping or leaving gaps, a shape that does not
    ///   match its byte count) and `.unsupportedWeights` for a dtype other than F32.
    public static func decode(
        _ data: Data, file: String
    ) throws -> (tensors: [NamedTensor], metadata: [String: String]) {
        func malformed(_ what: String) -> ModelError {
            ModelError(.malformedWeights, "\(file) is not a valid safetensors file: \(what)")
        }
        guard data.count >= 8 else { throw malformed("it is shorter than its 8-byte header") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { sum, byte in
            sum | UInt64(byte.element) << (8 * UInt64(byte.offset))
        }
        guard headerLength <= UInt64(min(maximumHeaderBytes, data.count - 8)) else {
            throw malformed("header length \(headerLength) exceeds the file (\(data.count) bytes)")
        }
        let bufferStart = 8 + Int(headerLength)
        let headerData = data.subdata(in: data.startIndex + 8..<data.startIndex + bufferStart)
        guard let object = try? JSONSerialization.jsonObject(with: headerData),
              let header = object as? [String: Any]
        else { throw malformed("its header is not a JSON object") }

        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: String] else {
                throw malformed("`__metadata__` must map strings to strings")
            }
            metadata = map
        }
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, raw) in header where name != "__metadata__" {
            guard let info = raw as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
                  offsets.count == 2
            else { throw malformed("tensor `\(name)` lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else {
                throw ModelError(
                    .unsupportedWeights,
                    "\(file): tensor `\(name)` has dtype \(dtype); only F32 is supported "
                        + "(convert it with tensor.float() before saving)")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw malformed("tensor `\(name)` has shape \(shape), offsets \(offsets)")
            }
            let bytes = shape.reduce(4, *)
            guard offsets[1] - offsets[0] == bytes else {
                throw malformed("tensor `\(name)` of shape \(shape) needs \(bytes) bytes, "
                                + "its offsets \(offsets) span \(offsets[1] - offsets[0])")
            }
            entries.append((name, shape, offsets[0], offsets[1]))
        }

        // The buffer must be covered exactly: sorted by offset, each tensor starts where the
        // previous ended and the last ends with the file.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expected = 0
        for entry in entries {
            guard entry.begin == expected else {
                throw malformed("tensor `\(entry.name)` starts at byte \(entry.begin) of the "
                                + "data, expected \(expected) (gap or overlap)")
            }
            expected = entry.end
        }
        guard bufferStart + expected == data.count else {
            throw malformed("the tensors cover \(expected) data bytes, the file holds "
                            + "\(data.count - bufferStart)")
        }

        let tensors = data.withUnsafeBytes { raw in
            entries.map { entry in
                let count = (entry.end - entry.begin) / 4
                let base = bufferStart + entry.begin
                let values = (0..<count).map { k in
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(
                        fromByteOffset: base + 4 * k, as: UInt32.self)))
                }
                return NamedTensor(name: entry.name, shape: entry.shape, values: values)
            }
        }
        return (tensors, metadata)
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
