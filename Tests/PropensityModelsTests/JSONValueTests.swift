import Testing

@testable import PropensityModels

@Suite struct JSONValueTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a":[1,-2.5e3,true,false,null],"b":{"c":"d"},"a2":[]} "#)
        #expect(value["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true),
                                      .bool(false), .null]))
        #expect(value["b"]?["c"] == .string("d"))
        #expect(value["a2"] == .array([]))
        #expect(value["missing"] == nil)
        #expect(try parse("{}") == .object([]))
    }

    @Test func stringsDecodeEveryEscape() throws {
        let text = #""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 plain é""#
        #expect(try parse(text) == .string("q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 plain é"))
    }

    @Test func numbersKeepTheirTextAndConvertExactly() throws {
        #expect(try parse("0.1").double == 0.1)
        #expect(try parse("9007199254740993").integer == 9_007_199_254_740_993)
        #expect(try parse("-0").integer == 0)
        #expect(try parse("2.0").integer == nil)
        #expect(try parse("\"42\"").integer == 42)
    }

    @Test func rejectsWhatJSONForbids() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"a", "\"\u{1}\"",
                    "[1] 2", "{\"a\":1,}", "\"\\x\""] {
            #expect(throws: JSONValue.SyntaxError.self, "\(bad)") { try parse(bad) }
        }
    }
}
