import PropensityData
@testable import PropensitySamples
import Testing

/// A target's values are checked against the catalog before any sample is built.
@Suite struct TargetTests {
    func log() throws -> EventLog {
        var log = TestLog()
        log.basket(user: 1, at: "2017-01-05T10:00:00", events: 3)
        return try log.eventLog()
    }

    func message(_ target: Target, levelName: String? = nil) throws -> String? {
        do {
            try target.checkValues(in: try log(), levelName: levelName)
            return nil
        } catch let error as SampleError {
            #expect(error.code == .invalidTarget)
            return error.description
        }
    }

    @Test func knownValuesPass() throws {
        #expect(try message(TestLog.target) == nil)
        #expect(try message(Target(name: "t", level: 1, values: ["GROCERY", "DRUG GM"])) == nil)
    }

    @Test func unknownValueIsNamedWithTheClosestCategories() throws {
        let target = Target(name: "baby", level: 2, values: ["BABY FOODS", "baby food"])
        #expect(try message(target, levelName: "product_category") == """
            target `baby`: `baby food` is not a category at level 2 (`product_category`) of \
            the catalog; close to `baby food`: `BABY FOODS`. Values must match exactly (case \
            and spaces included); fix `target.values` or `target.level`
            """)
    }

    @Test func unknownValuesWithNothingCloseGetExamples() throws {
        // The filled-in `<UNKNOWN_PRODUCT>` and `<MISSING>` are not offered as examples.
        let target = Target(name: "wine", level: 3, values: ["RED WINE", "ROSE"])
        #expect(try message(target) == """
            target `wine`: `RED WINE`, `ROSE` are not categories at level 3 of the catalog; \
            that level has 3 categories, e.g. `JARS`, `WHITE BREAD`, `WHOLE MILK`. Values must \
            match exactly (case and spaces included); fix `target.values` or `target.level`
            """)
    }

    @Test func closestRanksContainmentThenEdits() {
        let known = ["CAT FOOD", "CAT LITTER", "DOG FOODS", "BABY FOODS", "MILK"]
        #expect(Target.closest(to: "dog food", in: known) == ["DOG FOODS"])
        #expect(Target.closest(to: "Cat Foods", in: known)
                == ["CAT FOOD", "BABY FOODS", "DOG FOODS"])
        #expect(Target.closest(to: "CHEESE", in: known) == [])
        #expect(Target.editDistance(Array("KITTEN"), Array("SITTING")) == 3)
        #expect(Target.editDistance([], Array("ABC")) == 3)
    }
}
