import Foundation
import Testing
@testable import Optim

/// Powell's method against scipy 1.17.1's `minimize(method='Powell')`: the same direction set,
/// bracket, Brent minimizers (bounded ones on a box), replacement test and stopping rules in the
/// same arithmetic, so OptBench must reproduce scipy's runs bit for bit: f after every iteration,
/// the evaluations spent by then, the number of iterations, the final point and f.
@Suite struct PowellTests {
    struct Reference {
        /// scipy's nit: OptBench's iterations (both count the completed sweeps over the directions).
        let nit: Int
        let nfev: Int
        /// 0 success (the ftol test), 1 maxfev (never exceeded: the search it cuts short is
        /// dropped, and its iteration is not counted), 2 maxiter.
        let status: Int
        let x: [Double]
        let f: Double
        /// f after each iteration (scipy's callback) and the evaluations spent by then.
        let values: [Double]
        let evaluations: [Int]
    }

    /// Printed by `scripts/reference/reference-powell.py --swift` (scipy 1.17.1, numpy 2.4).
    static let reference: [String: Reference] = [
    "rosenbrock": Reference(nit: 23, nfev: 607, status: 0,
        x: [0x1.000000000019bp+0, 0x1.0000000000362p+0],
        f: 0x1.6206400000000p-86,
        values: [
            0x1.fd6be47aa2581p+1, 0x1.f958c1a196d23p+1, 0x1.ec405e0fe6cddp+1, 0x1.25aeb492fdc1bp+1,
            0x1.178b04d30a82bp+1, 0x1.ad026c4de11fep+0, 0x1.958db3cca5a83p+0, 0x1.11d73dff84ef4p+0,
            0x1.ffe6cccf2d9f9p-1, 0x1.2d66e140e710cp-1, 0x1.15e68f5b3c287p-1, 0x1.29d48c95c5893p-2,
            0x1.0c2c1e91dd7e9p-2, 0x1.c9ce617fb1e0cp-4, 0x1.8ba59eceebaadp-4, 0x1.aa3c730d35da8p-6,
            0x1.4e8169777fd80p-6, 0x1.aa3944b6e00c4p-11, 0x1.8e5e1a6ead957p-12, 0x1.36fdb8fa2299ap-28,
            0x1.0170a181456b4p-38, 0x1.5172d9d640000p-70, 0x1.6206400000000p-86,
        ],
        evaluations: [
            19, 44, 69, 101, 122, 153, 175, 208, 228, 262, 284, 317, 339, 374, 396, 429,
            451, 484, 507, 536, 558, 586, 607,
        ]),
    "rosenbrock4": Reference(nit: 26, nfev: 1188, status: 0,
        x: [0x1.fffffffff3f19p-1, 0x1.ffffffffef733p-1, 0x1.ffffffffcd0fep-1, 0x1.ffffffff9b439p-1],
        f: 0x1.3dd4d68f0c000p-67,
        values: [
            0x1.8ddfb848afd1bp+6, 0x1.38c19bc8528b0p+4, 0x1.25c705850a2dap+0, 0x1.fcf6fb3afda92p-3,
            0x1.ab4e322871c86p-3, 0x1.a684e237948fcp-3, 0x1.643dbdf810687p-4, 0x1.18ece91692375p-4,
            0x1.2e3adeb9a6093p-6, 0x1.c58018adda924p-7, 0x1.253b37f50318ap-16, 0x1.69c9a290c545ap-21,
            0x1.2385c38bf2b1ap-25, 0x1.1b7b878c283f8p-29, 0x1.39abefe5adc1dp-33, 0x1.768268279fb30p-37,
            0x1.d8f9f7e68ab31p-41, 0x1.315873d20e771p-44, 0x1.92da125f221a0p-48, 0x1.0446ed4aa2824p-51,
            0x1.56d6a5363bb12p-55, 0x1.c2817442124e0p-59, 0x1.28cf851a0b600p-62, 0x1.843e7ade6b000p-66,
            0x1.5cb7d42952000p-67, 0x1.3dd4d68f0c000p-67,
        ],
        evaluations: [
            38, 82, 125, 168, 216, 256, 305, 343, 394, 435, 486, 528, 571, 615, 660, 705,
            751, 798, 845, 893, 941, 989, 1037, 1085, 1133, 1188,
        ]),
    "quadratic": Reference(nit: 5, nfev: 125, status: 0,
        x: [0x1.c355555555550p-3, 0x1.ceaaaaaaaaa9dp-4, 0x1.718aaaaaaaaacp+0],
        f: -0x1.31c6dc38e38e2p+1,
        values: [
            -0x1.0c38e38e38e38p+1, -0x1.2dc38e38e38e4p+1, -0x1.3186e38e38e37p+1, -0x1.31c318e38e38ep+1,
            -0x1.31c6dc38e38e2p+1,
        ],
        evaluations: [
            25, 50, 75, 100, 125,
        ]),
    "powell-singular": Reference(nit: 20, nfev: 908, status: 0,
        x: [0x1.ebe99cc1d4f55p-15, -0x1.898771a52a3dcp-18, -0x1.0efcaf48d308ep-12, -0x1.0efcae9d55f91p-12],
        f: 0x1.7d23e852fe972p-43,
        values: [
            0x1.408071c367a4ap+2, 0x1.f9f9c87296bd4p+1, 0x1.c3fe90fcce924p+1, 0x1.a6025e0395657p-5,
            0x1.5a3516ebc9044p-6, 0x1.02a4d52862ee4p-11, 0x1.a5b6dbed9ea54p-13, 0x1.44377773866f8p-17,
            0x1.3835c7c609911p-18, 0x1.fb92a9470cb14p-24, 0x1.990806d6f16f8p-25, 0x1.52df86852de99p-29,
            0x1.4fba54ad40d7ep-30, 0x1.a5b38a4a7c53ep-35, 0x1.9218b46c61d74p-36, 0x1.f6e17358345fep-40,
            0x1.177fd3492fe8ap-40, 0x1.7d765c2a5aebap-43, 0x1.7d250a08a5279p-43, 0x1.7d23e852fe972p-43,
        ],
        evaluations: [
            38, 93, 136, 186, 227, 277, 318, 367, 407, 458, 499, 547, 587, 639, 680, 730,
            771, 822, 865, 908,
        ]),
    "rosenbrock-bounded": Reference(nit: 7, nfev: 203, status: 0,
        x: [-0x1.1e922a6e6d3d2p-2, 0x1.6fafe5757e849p-4],
        f: 0x1.a6b0c8e032bc7p+0,
        values: [
            0x1.fd6cc35a65f20p+1, 0x1.f958647f8a8c5p+1, 0x1.014fc118a9a5dp+0, 0x1.f8ebc50e38cb9p-1,
            0x1.62fb5d18ecedbp-1, 0x1.4813fe70c830bp-1, 0x1.a6b0c8e032bc7p+0,
        ],
        evaluations: [
            17, 47, 78, 96, 135, 161, 203,
        ]),
    "quadratic-halfbounded": Reference(nit: 5, nfev: 332, status: 0,
        x: [0x1.9960a0254d449p-4, 0x1.c74b66ac7e631p-3, 0x1.35467bf2510ebp+0],
        f: -0x1.2987e8071188cp+1,
        values: [
            -0x1.0a7bc40b7d2ccp+1, -0x1.291107104c7e4p+1, -0x1.2926cc90c7090p+1, -0x1.298096777c057p+1,
            -0x1.2987e8071188cp+1,
        ],
        evaluations: [
            40, 98, 190, 274, 332,
        ]),
    "rosenbrock-tight": Reference(nit: 23, nfev: 792, status: 0,
        x: [0x1.0000000000065p+0, 0x1.00000000000d3p+0],
        f: 0x1.1df4000000000p-90,
        values: [
            0x1.fd6e287bd410fp+1, 0x1.f959d5fd6f5c6p+1, 0x1.ec3aed83cb280p+1, 0x1.24a20f746cfdap+1,
            0x1.16ad14c9ef6ffp+1, 0x1.ab9402d034123p+0, 0x1.9423dda5178b2p+0, 0x1.0e92eb5606686p+0,
            0x1.f9d4fef01137bp-1, 0x1.2f43c10be58c2p-1, 0x1.175225cfca6a0p-1, 0x1.256843015fce7p-2,
            0x1.080b65b00aefdp-2, 0x1.b991c8d4bb39ep-4, 0x1.7d037de0a157cp-4, 0x1.85410bae9b795p-6,
            0x1.2fb7fa717048dp-6, 0x1.6168f111c4a86p-11, 0x1.3b5266624885bp-12, 0x1.ad99017639db0p-29,
            0x1.6986937ef7e71p-39, 0x1.3564000000000p-90, 0x1.1df4000000000p-90,
        ],
        evaluations: [
            23, 54, 85, 124, 148, 188, 216, 258, 285, 327, 354, 398, 425, 467, 494, 536,
            564, 605, 634, 672, 703, 745, 792,
        ]),
    "rosenbrock-maxiter": Reference(nit: 5, nfev: 122, status: 2,
        x: [-0x1.d94be23d1b37fp-2, 0x1.89a5605fa7335p-3],
        f: 0x1.178b04d30a82bp+1,
        values: [
            0x1.fd6be47aa2581p+1, 0x1.f958c1a196d23p+1, 0x1.ec405e0fe6cddp+1, 0x1.25aeb492fdc1bp+1,
            0x1.178b04d30a82bp+1,
        ],
        evaluations: [
            19, 44, 69, 101, 122,
        ]),
    "rosenbrock-maxfev": Reference(nit: 3, nfev: 100, status: 1,
        x: [-0x1.1322cd0ae2308p-1, 0x1.27b3c9407d12bp-2],
        f: 0x1.2e87dfad80ba9p+1,
        values: [
            0x1.fd6be47aa2581p+1, 0x1.f958c1a196d23p+1, 0x1.ec405e0fe6cddp+1,
        ],
        evaluations: [
            19, 44, 69,
        ]),
    "quadratic-direc": Reference(nit: 6, nfev: 213, status: 0,
        x: [0x1.c71c715f8f528p-3, 0x1.c71c73e6e0fcap-4, 0x1.71c71c60b2faap+0],
        f: -0x1.31c71c71c71c9p+1,
        values: [
            -0x1.08b0fcd6e9e07p+1, -0x1.2d928c86ef37ep+1, -0x1.2f76989f7ef1dp+1, -0x1.31ba0d9ce6070p+1,
            -0x1.31c6b0d91d687p+1, -0x1.31c71c71c71c9p+1,
        ],
        evaluations: [
            24, 49, 74, 107, 132, 213,
        ]),
    ]

    /// f evaluations only: a gradient request is recorded (and answered with NaN).
    final class Probe {
        var gradientRequests = 0
    }

    /// Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², summed in order as the script's.
    static func rosenbrock(_ n: Int, _ probe: Probe) -> FunctionObjective {
        FunctionObjective(dimension: n) { x, g in
            if let g { probe.gradientRequests += 1; g.update(repeating: .nan) }
            var total = 0.0
            for i in 0..<(n - 1) {
                let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                total = total + (100 * (a * a) + b * b)
            }
            return total
        }
    }

    /// ½xᵀAx − bᵀx with A = [[4,1,0],[1,3,1],[0,1,2]], b = (1,2,3), term by term as the script.
    static func quadratic(_ probe: Probe) -> FunctionObjective {
        FunctionObjective(dimension: 3) { x, g in
            if let g { probe.gradientRequests += 1; g.update(repeating: .nan) }
            let a = 4 * x[0] * x[0] + 3 * x[1] * x[1] + 2 * x[2] * x[2] + 2 * x[0] * x[1] + 2 * x[1] * x[2]
            return 0.5 * a - (x[0] + 2 * x[1] + 3 * x[2])
        }
    }

    /// Moré, Garbow & Hillstrom's problem 13 (Powell's singular function), residuals as the script.
    static func powellSingular(_ probe: Probe) -> FunctionObjective {
        FunctionObjective(dimension: 4) { x, g in
            if let g { probe.gradientRequests += 1; g.update(repeating: .nan) }
            let r1 = x[0] + 10 * x[1], r2 = 5.0.squareRoot() * (x[2] - x[3])
            let d3 = x[1] - 2 * x[2], d4 = x[0] - x[3]
            let r3 = d3 * d3, r4 = 10.0.squareRoot() * (d4 * d4)
            return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4
        }
    }

    static let cases = [
        "rosenbrock", "rosenbrock4", "quadratic", "powell-singular", "rosenbrock-bounded", "quadratic-halfbounded",
        "rosenbrock-tight", "rosenbrock-maxiter", "rosenbrock-maxfev", "quadratic-direc",
    ]

    static func run(_ name: String) throws -> (OptimizationResult, Probe) {
        let probe = Probe()
        var solver = Powell()
        var options = Options(gradientTolerance: 0, maxIterations: 1000, traceEvery: 1)
        var bounds: Bounds?
        let objective: FunctionObjective, x0: [Double]
        switch name {
        case "rosenbrock4":
            objective = rosenbrock(4, probe)
            x0 = [-1.2, 1, -1.2, 1]
        case "quadratic", "quadratic-direc":
            objective = quadratic(probe)
            x0 = [0, 0, 0]
        case "quadratic-halfbounded":
            objective = quadratic(probe)
            x0 = [0, 0.5, 0]
            bounds = try Bounds(lower: [-.infinity, 0.2, -.infinity], upper: [0.1, .infinity, .infinity])
        case "powell-singular":
            objective = powellSingular(probe)
            x0 = [3, -1, 0, 1]
        default:
            objective = rosenbrock(2, probe)
            x0 = [-1.2, 1]
        }
        switch name {
        case "rosenbrock-bounded": bounds = try Bounds(lower: [-1.5, -0.5], upper: [0.5, 1.5])
        case "rosenbrock-tight":
            solver.xtol = 1e-8
            solver.ftol = 1e-12
        case "rosenbrock-maxiter": options.maxIterations = 5
        case "rosenbrock-maxfev": solver.maxEvaluations = 100
        case "quadratic-direc": solver.directions = [[1, 1, 0], [0, 0.5, 0], [0, 0, -2]]
        default: break
        }
        return (try minimize(objective, from: x0, bounds: bounds, using: solver, options: options), probe)
    }

    @Test(arguments: cases)
    func reproducesScipyBitForBit(_ name: String) throws {
        let expected = try #require(Self.reference[name])
        let (result, probe) = try Self.run(name)
        #expect(result.iterations == expected.nit, "\(name): iterations")
        #expect(result.valueEvaluations == expected.nfev, "\(name): f evaluations")
        #expect(result.gradientEvaluations == 0 && probe.gradientRequests == 0, "\(name): never asks for ∇f")
        #expect(result.x == expected.x, "\(name): x \(result.x) vs scipy \(expected.x)")
        #expect(result.value == expected.f, "\(name): f")
        #expect(result.gradientNorm.isNaN, "\(name): no gradient norm")
        let status: Status =
            expected.status == 0 ? .convergedFunctionChange : expected.status == 1 ? .evaluationLimit : .iterationLimit
        #expect(result.status == status, "\(name): status \(result.status)")
        let trace = Array(result.trace.dropFirst())
        #expect(trace.count == expected.values.count, "\(name): one trace entry per iteration")
        for (k, entry) in trace.enumerated() where k < expected.values.count {
            // A run maxfev cuts short ends at x after its last completed search, uncounted: the
            // driver writes that x's f into the last entry (scipy's callback saw the iteration's end).
            let cutShort = expected.status == 1 && k == trace.count - 1
            #expect(entry.value == (cutShort ? expected.f : expected.values[k]), "\(name) iteration \(k + 1): f")
            #expect(entry.valueEvaluations == expected.evaluations[k], "\(name) iteration \(k + 1): evaluations")
        }
    }
}
