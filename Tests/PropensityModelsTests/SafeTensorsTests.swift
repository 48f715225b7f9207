import Foundation
import NeuralEngine
import Testing

@testable import PropensityModels

@Suite struct SafeTensorsTests {
    @Test func encodesTheDocumentedByteLayout() {
        let data = SafeTensors.encode(
            [NamedTensor(name: "a", shape: [2], values: [1, -2])], metadata: ["k": "v"])
        let header = #"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"#
            + #""data_offsets":[0,8]}}"#
        // 79 bytes of JSON padded with one space to 80, so the data starts 8-byte aligned.
        var expected: [UInt8] = [80, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [0x20]
        expected += [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]  // 1.0, -2.0 little-endian
        #expect(Array(data) == expected)
    }

    @Test func decodeInvertsEncodeBitForBit() throws {
        let tensors = [
            // Float(bitPattern: 1000) is a subnormal number.
            NamedTensor(
                name: "w", shape: [2, 3],
                values: [0, -0.0, .pi, Float(bitPattern: 1000), -.infinity, 7]),
            NamedTensor(name: "scalar", shape: [], values: [0.5]),
            NamedTensor(name: "empty", shape: [0, 4], values: []),
        ]
        let data = SafeTensors.encode(tensors, metadata: ["format": "x", "quote": "a\"b\\c\n"])
        let (decoded, metadata) = try SafeTensors.decode(data, file: "t.safetensors")
        #expect(metadata == ["format": "x", "quote": "a\"b\\c\n"])
        let byName = Dictionary(uniqueKeysWithValues: decoded.map { ($0.name, $0) })
        for tensor in tensors {
            let got = try #require(byName[tensor.name])
            #expect(got.shape == tensor.shape)
            #expect(got.values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
        }
    }

    /// A header of `json` followed by `payload` bytes.
    func file(_ json: String, payload: Int) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(json.utf8))
        data.append(contentsOf: [UInt8](repeating: 0, count: payload))
        return data
    }

    @Test func rejectsFilesThatBreakTheFormat() {
        let cases: [(String, Data, String)] = [
            ("short", Data([1, 2, 3]), "shorter than its 8-byte header"),
            ("long header", file("{}", payload: 0).prefix(9), "exceeds the file"),
            ("not JSON", file("[1]", payload: 0), "not a JSON object"),
            ("gap", file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, payload: 8),
             "expected 0"),
            ("shape", file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, payload: 8),
             "needs 12 bytes"),
            ("trailing", file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
                              payload: 8), "the file holds 8"),
        ]
        for (name, data, message) in cases {
            do {
                _ = try SafeTensors.decode(data, file: "bad.safetensors")
                Issue.record("\(name): decoded without error")
            } catch let error as ModelError {
                #expect(error.code == .malformedWeights, "\(name)")
                #expect(error.message.contains(message), "\(name): \(error.message)")
                #expect(error.message.contains("bad.safetensors"), "\(name)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func rejectsDtypesOtherThanF32() {
        let data = file(#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, payload: 4)
        #expect(throws: ModelError.self) { try SafeTensors.decode(data, file: "h.safetensors") }
        do {
            _ = try SafeTensors.decode(data, file: "h.safetensors")
        } catch let error as ModelError {
            #expect(error.code == .unsupportedWeights)
            #expect(error.message.contains("F16"))
        } catch {
            Issue.record("\(error)")
        }
    }
}
