import Optim
import Problems
import Testing

/// A user's closures give the same run as the library's own objective for the same function.
@Suite struct FunctionObjectiveCrossCheckTests {
    @Test func closuresRunExactlyLikeTheBuiltInRosenbrock() throws {
        let builtIn = Rosenbrock(dimension: 2)
        let closures = FunctionObjective(dimension: 2) { x, gradient in
            if let gradient { return builtIn.valueAndGradient(at: x, gradient: gradient) }
            return builtIn.value(at: x)
        }
        let arrays = FunctionObjective(
            dimension: 2, value: { builtIn.value(at: $0) }, gradient: { builtIn.evaluate(at: $0).gradient })
        let reference = try minimize(builtIn, from: [-1.2, 1])
        #expect(
            reference.status == .convergedGradient && abs(reference.x[0] - 1) <= 1e-7 && abs(reference.x[1] - 1) <= 1e-7
        )
        for result in [try minimize(closures, from: [-1.2, 1]), try minimize(arrays, from: [-1.2, 1])] {
            #expect(result.x == reference.x && result.iterations == reference.iterations)
            #expect(
                result.valueEvaluations == reference.valueEvaluations
                    && result.gradientEvaluations == reference.gradientEvaluations)
            #expect(result.trace.map(\.value) == reference.trace.map(\.value))
        }
    }
}
